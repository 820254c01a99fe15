using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Security;

/// <summary>Says once at start which tokens this process accepts, so a 401 on every route is not a mystery.</summary>
internal sealed partial class AuthenticationStartupNotice(AuthOptions options, DevelopmentKey key, ILogger<AuthenticationStartupNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(options.Authority)) AcceptsIssuer(logger, options.Authority, options.Audience);
        else if (key.Bytes is not null) AcceptsDevelopmentKey(logger, options.Issuer, options.Audience);
        else NoKey(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepting bearer tokens of the OIDC issuer {Authority} for audience {Audience}.")]
    private static partial void AcceptsIssuer(ILogger logger, string authority, string audience);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepting development bearer tokens (issuer {Issuer}, audience {Audience}) signed with the local key.")]
    private static partial void AcceptsDevelopmentKey(ILogger logger, string issuer, string audience);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FedBus:Auth names neither an Authority nor a development key: every route except /health answers 401.")]
    private static partial void NoKey(ILogger logger);
}
