using System.Security.Cryptography.X509Certificates;
using FedBus.Dicom.Network;

namespace FedBus.Ingestion.Dicom;

/// <summary>
/// "FedBus:Ingestion:Tls": the SCP's TLS (Non-Downgrading BCP 195) from PEM files or a PKCS#12 file. Off unless a
/// certificate is configured; a certificate that cannot be loaded stops the service at start with the reason.
/// </summary>
public sealed class DicomTlsSettings
{
    /// <summary>PEM certificate (with its chain) of the SCP, or a PKCS#12 (.pfx/.p12) file holding certificate and key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key (PKCS#8, PKCS#1 or SEC1) when <see cref="CertificatePath"/> is PEM and does not hold the key.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of an encrypted PEM key or of the PKCS#12 file.</summary>
    public string? Password { get; set; }

    /// <summary>Refuse peers without a client certificate chaining to <see cref="ClientAuthoritiesPath"/>.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>PEM bundle of the authorities client certificates must chain to (system trust store when unset).</summary>
    public string? ClientAuthoritiesPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    public DicomTlsOptions Load()
    {
        if (!Enabled) throw new InvalidOperationException("No DICOM TLS certificate is configured (FedBus:Ingestion:Tls:CertificatePath).");
        var certificate = LoadServerCertificate(CertificatePath!);
        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(ClientAuthoritiesPath))
        {
            Require(ClientAuthoritiesPath, "ClientAuthoritiesPath");
            authorities.ImportFromPemFile(ClientAuthoritiesPath);
            if (authorities.Count == 0)
                throw new InvalidOperationException($"FedBus:Ingestion:Tls:ClientAuthoritiesPath {ClientAuthoritiesPath} holds no PEM certificate.");
        }
        else if (RequireClientCertificate)
        {
            throw new InvalidOperationException(
                "FedBus:Ingestion:Tls:RequireClientCertificate is set without ClientAuthoritiesPath: name the authorities whose client certificates are accepted.");
        }

        var options = new DicomTlsOptions
        {
            ServerCertificate = certificate,
            RequireClientCertificate = RequireClientCertificate,
            TrustedClientAuthorities = authorities,
        };
        options.Validate();
        return options;
    }

    private X509Certificate2 LoadServerCertificate(string path)
    {
        Require(path, "CertificatePath");
        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is ".pfx" or ".p12")
                return X509CertificateLoader.LoadPkcs12FromFile(path, Password, X509KeyStorageFlags.EphemeralKeySet);
            if (KeyPath is not null) Require(KeyPath, "KeyPath");
            return string.IsNullOrEmpty(Password)
                ? X509Certificate2.CreateFromPemFile(path, KeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, Password, KeyPath);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"The DICOM TLS certificate {path} (key {KeyPath ?? "in the same file"}) cannot be loaded: {e.Message}", e);
        }
    }

    private static void Require(string? path, string setting)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"FedBus:Ingestion:Tls:{setting} names {path}, which does not exist.");
    }
}
