using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace FedBus.Dicom.Network;

/// <summary>
/// TLS for the SCP, per the Non-Downgrading BCP 195 TLS Secure Transport Connection Profile (PS3.15 B.10; DCMTK's
/// default <c>+tls</c> profile): TLS 1.2 or 1.3 only, and for TLS 1.2 only the ECDHE/DHE AES-GCM suites of RFC 7525
/// §4.2 (TLS 1.3 suites are all AEAD). The server certificate is required; client certificates are optional or required.
/// </summary>
public sealed class DicomTlsOptions
{
    /// <summary>The SCP's certificate with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>Refuse a peer that presents no client certificate (or one that does not chain to a trusted authority).</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>
    /// The authorities client certificates must chain to. When empty, a presented client certificate is checked against
    /// the system's trust store.
    /// </summary>
    public X509Certificate2Collection TrustedClientAuthorities { get; init; } = [];

    /// <summary>Handshakes that take longer are abandoned (the server's ARTIM timeout when null).</summary>
    public TimeSpan? HandshakeTimeout { get; init; }

    /// <summary>The suites the profile allows (IANA names); the TLS 1.3 ones are negotiated only under TLS 1.3.</summary>
    public static IReadOnlyList<TlsCipherSuite> Bcp195CipherSuites { get; } =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
    ];

    public void Validate()
    {
        if (!ServerCertificate.HasPrivateKey)
            throw new ArgumentException($"The DICOM TLS server certificate {ServerCertificate.Subject} has no private key.");
        if (ServerCertificate.NotAfter < DateTime.Now)
            throw new ArgumentException($"The DICOM TLS server certificate {ServerCertificate.Subject} expired on {ServerCertificate.NotAfter:u}.");
    }

    internal SslServerAuthenticationOptions ServerAuthentication() => new()
    {
        ServerCertificate = ServerCertificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        CipherSuitesPolicy = Bcp195Policy(),
        // Always asked for (a client that has one sends it and it must be good); whether one must be sent is decided below.
        ClientCertificateRequired = true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = ValidateClient,
    };

    private static CipherSuitesPolicy? Bcp195Policy()
    {
        // Windows takes its suites from the system's SCHANNEL policy, which must then be set to the profile there.
        if (OperatingSystem.IsWindows()) return null;
        return new CipherSuitesPolicy(Bcp195CipherSuites);
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null) return !RequireClientCertificate;
        if (TrustedClientAuthorities.Count == 0) return errors == SslPolicyErrors.None;
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(TrustedClientAuthorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
