using FedBus.AppHost.Cli;
using FedBus.ServiceDefaults.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FedBus.AppHost.Tests;

public sealed class TokenCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-token-").FullName;

    [Fact]
    public async Task The_token_verb_creates_the_key_file_and_prints_a_token_that_validates_against_it_with_the_asked_claims()
    {
        var keyFile = Path.Combine(_folder, "dev.key");

        var run = await CommandLine.RunAsync("token", "--role", "radiologist", "--role", "site-admin", "--site", "site-a", "--user", "dr-1", "--key-file", keyFile);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.True(File.Exists(keyFile));
        Assert.Contains("Created the development key", run.Error, StringComparison.Ordinal);
        var options = new AuthOptions { SigningKeyFile = keyFile };
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(run.Output.Trim(), new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(options.DevelopmentKey()),
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("dr-1", result.ClaimsIdentity.FindFirst("sub")!.Value);
        Assert.Equal(["radiologist", "site-admin"], result.ClaimsIdentity.FindAll("role").Select(c => c.Value).Order());
        Assert.Equal("site-a", result.ClaimsIdentity.FindFirst("fedbus:site")!.Value);

        // The same key again: no new file, another valid token.
        var again = await CommandLine.RunAsync("token", "--role", "hub-admin", "--user", "ml-1", "--key-file", keyFile);
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.DoesNotContain("Created", again.Error, StringComparison.Ordinal);

        // A hub-viewer, like a hub-admin, is of no site.
        var viewer = await CommandLine.RunAsync("token", "--role", "hub-viewer", "--user", "ml-2", "--key-file", keyFile);
        Assert.Equal(ExitCodes.Ok, viewer.ExitCode);
    }

    [Theory]
    [InlineData("--role", "hub-admin", "--site", "site-a", "--user", "ml-1")]
    [InlineData("--role", "hub-viewer", "--site", "site-a", "--user", "ml-2")]
    [InlineData("--role", "radiologist", "--user", "dr-1")]
    [InlineData("--role", "janitor", "--site", "site-a", "--user", "x")]
    [InlineData("--site", "site-a", "--user", "x")]
    public async Task A_token_that_makes_no_sense_is_refused_with_the_usage_exit_code(params string[] args)
    {
        var run = await CommandLine.RunAsync(["token", .. args, "--key-file", Path.Combine(_folder, "dev.key")]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
