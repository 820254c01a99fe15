using System.CommandLine;
using FedBus.ServiceDefaults.Security;

namespace FedBus.AppHost.Cli;

/// <summary>
/// The `token` verb: a development bearer token signed with the local key file, the one the services name in
/// FedBus:Auth:SigningKeyFile. Production tokens come from the OIDC issuer instead (README, "Sign-in").
/// </summary>
internal static class TokenCommand
{
    public const string DefaultKeyFile = "fedbus-dev.key";

    public static Command Create()
    {
        var roles = new Option<string[]>("--role") { Description = $"A role of the token, repeatable: {string.Join(", ", FedBusRoles.All)}.", Required = true, AllowMultipleArgumentsPerToken = false };
        roles.AcceptOnlyFromAmong([.. FedBusRoles.All]);
        var site = new Option<string?>("--site") { Description = "The site the token is of (claim fedbus:site); none for hub-admin and hub-viewer." };
        var user = new Option<string>("--user") { Description = "The subject: a reader id (dr-1) or a service name.", Required = true };
        var keyFile = new Option<string?>("--key-file") { Description = $"The development key (base64); created when missing. Default: $FedBus__Auth__SigningKeyFile, then ./{DefaultKeyFile}." };
        var hours = new Option<double?>("--hours") { Description = "Lifetime in hours (default 8)." };
        var audience = new Option<string?>("--audience") { Description = "Audience (default fedbus, FedBus:Auth:Audience)." };
        var command = new Command("token", "Print a development bearer token signed with the local key, for curl or the desk's sign-in.")
        {
            roles, site, user, keyFile, hours, audience,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(keyFile) ?? Environment.GetEnvironmentVariable("FedBus__Auth__SigningKeyFile") ?? DefaultKeyFile;
            var chosen = parse.GetValue(roles) ?? [];
            var siteId = parse.GetValue(site);
            string[] hubRoles = [FedBusRoles.HubAdmin, FedBusRoles.HubViewer];
            if (chosen.Intersect(hubRoles).FirstOrDefault() is { } hubRole && !string.IsNullOrEmpty(siteId))
                throw new UsageException($"a {hubRole} token names no site: hub users see aggregates, never a site's data.");
            if (chosen.Except(hubRoles).Any() && string.IsNullOrEmpty(siteId))
                throw new UsageException($"--site is required for the role(s) {string.Join(", ", chosen.Except(hubRoles))}.");
            var lifetime = TimeSpan.FromHours(parse.GetValue(hours) ?? 8);
            if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(30)) throw new UsageException("--hours must be above 0 and at most 720.");
            if (!File.Exists(path))
            {
                await File.WriteAllTextAsync(path, DevelopmentTokens.NewKey() + "\n", cancellationToken);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"Created the development key {Path.GetFullPath(path)}; start services with --FedBus:Auth:SigningKeyFile={Path.GetFullPath(path)}.");
            }
            var options = new AuthOptions { SigningKeyFile = path };
            if (parse.GetValue(audience) is { Length: > 0 } a) options.Audience = a;
            var token = DevelopmentTokens.Issue(options.DevelopmentKey()!, options, parse.GetValue(user)!, chosen, siteId, lifetime);
            await parse.InvocationConfiguration.Output.WriteLineAsync(token);
            return ExitCodes.Ok;
        });
        return command;
    }
}
