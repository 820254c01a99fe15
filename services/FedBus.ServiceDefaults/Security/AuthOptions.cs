using System.Text;

namespace FedBus.ServiceDefaults.Security;

/// <summary>
/// Configuration section "FedBus:Auth". Production: <see cref="Authority"/> (an OIDC issuer; its signing keys come from
/// its discovery document) and <see cref="Audience"/>. Development: a local HMAC key (<see cref="SigningKey"/> or
/// <see cref="SigningKeyFile"/>, base64 of at least 32 bytes) that `FedBus.AppHost token` signs with. Neither set: every
/// protected route answers 401.
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "FedBus:Auth";
    public const string DevelopmentIssuer = "fedbus-development";
    public const int MinimumKeyBytes = 32;

    public string? Authority { get; set; }

    public string Audience { get; set; } = "fedbus";

    /// <summary>The issuer of development tokens (the authority's own issuer applies in production).</summary>
    public string Issuer { get; set; } = DevelopmentIssuer;

    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Where the roles are in a token; an issuer that nests them (Keycloak's realm_access) needs a mapper to a flat claim.</summary>
    public string RoleClaim { get; set; } = "role";

    public string SiteClaim { get; set; } = "fedbus:site";

    /// <summary>The bearer token this process presents to other services and the hub when it holds no development key.</summary>
    public string? ServiceToken { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The development key, or null when none is configured; a key that cannot be used fails with the reason.</summary>
    public byte[]? DevelopmentKey()
    {
        if (!string.IsNullOrWhiteSpace(SigningKey) && !string.IsNullOrWhiteSpace(SigningKeyFile))
            throw new InvalidOperationException($"{Section}: set SigningKey or SigningKeyFile, not both.");
        string? text = SigningKey;
        var origin = $"{Section}:SigningKey";
        if (!string.IsNullOrWhiteSpace(SigningKeyFile))
        {
            if (!File.Exists(SigningKeyFile))
                throw new InvalidOperationException($"{Section}:SigningKeyFile '{SigningKeyFile}' does not exist (create one with `FedBus.AppHost token --key-file {SigningKeyFile} ...`).");
            text = File.ReadAllText(SigningKeyFile, Encoding.UTF8);
            origin = $"the key file '{SigningKeyFile}'";
        }
        if (string.IsNullOrWhiteSpace(text)) return null;
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{origin} is not base64.");
        }
        if (key.Length < MinimumKeyBytes)
            throw new InvalidOperationException($"{origin} holds {key.Length} bytes; an HMAC-SHA256 key needs at least {MinimumKeyBytes}.");
        return key;
    }

    public void Validate()
    {
        if (!string.IsNullOrWhiteSpace(Authority) && (!string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(SigningKeyFile)))
            throw new InvalidOperationException($"{Section}: set Authority (an OIDC issuer) or a development key (SigningKey/SigningKeyFile), not both.");
        if (string.IsNullOrWhiteSpace(Audience)) throw new InvalidOperationException($"{Section}:Audience must not be empty.");
    }
}
