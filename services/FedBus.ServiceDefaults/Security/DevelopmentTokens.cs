using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FedBus.ServiceDefaults.Security;

/// <summary>Signs tokens with the local development key: the AppHost's `token` verb, the demo, tests, and service-to-service calls in development.</summary>
public static class DevelopmentTokens
{
    public static string Issue(byte[] key, AuthOptions options, string subject, IEnumerable<string> roles, string? site, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        var roleList = roles.ToArray();
        foreach (var role in roleList)
            if (!FedBusRoles.All.Contains(role))
                throw new ArgumentException($"'{role}' is not a FedBus role ({string.Join(", ", FedBusRoles.All)}).", nameof(roles));
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [options.RoleClaim] = roleList,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (!string.IsNullOrWhiteSpace(site)) claims[options.SiteClaim] = site;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A fresh development key, base64 (what SigningKey and a key file hold).</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(AuthOptions.MinimumKeyBytes));
}
