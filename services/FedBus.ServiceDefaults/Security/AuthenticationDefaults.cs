using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace FedBus.ServiceDefaults.Security;

public static class AuthenticationDefaults
{
    /// <summary>
    /// JWT bearer authentication (FedBus:Auth), FedBus's policies (<see cref="FedBusPolicies"/>) for the site
    /// <paramref name="processSite"/>, a fallback policy that makes every endpoint need an authenticated caller unless it
    /// allows anonymous ones, security headers on every response (<paramref name="contentSecurityPolicy"/>) and no
    /// Server header. AddServiceDefaults calls it; the gateway calls it alone.
    /// </summary>
    public static IHostApplicationBuilder AddFedBusAuthentication(this IHostApplicationBuilder builder, string? processSite,
        string contentSecurityPolicy = SecurityHeaders.ApiPolicy)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        options.Validate();
        // Read now: a bad key fails the start, not the first request.
        var key = options.DevelopmentKey();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new DevelopmentKey(key));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            // Never keep the raw token on the context: nothing downstream needs it, and a log of the context could leak it.
            jwt.SaveToken = false;
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                NameClaimType = "sub",
                RoleClaimType = options.RoleClaim,
                ValidAudience = options.Audience,
                ClockSkew = options.ClockSkew,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
            };
            if (!string.IsNullOrWhiteSpace(options.Authority))
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            }
            else
            {
                jwt.TokenValidationParameters.ValidIssuer = options.Issuer;
                jwt.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                // No key: nothing validates, every protected route answers 401 (fail closed).
                jwt.TokenValidationParameters.IssuerSigningKeys = key is null ? [] : [new SymmetricSecurityKey(key)];
            }
        });
        builder.Services.AddAuthorization(authorization =>
        {
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build();
            FedBusPolicies.Add(authorization, processSite, options.SiteClaim);
        });
        builder.Services.AddSingleton<IAuthorizationHandler, SiteRequirementHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        builder.Services.AddSingleton<IStartupFilter>(new SecurityHeaders(contentSecurityPolicy));
        builder.Services.Configure<KestrelServerOptions>(k => k.AddServerHeader = false);
        builder.Services.AddHostedService<AuthenticationStartupNotice>();
        return builder;
    }
}
