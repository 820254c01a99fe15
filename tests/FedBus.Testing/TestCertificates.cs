using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FedBus.Testing;

/// <summary>
/// A throw-away PKI in a temp folder, as a hospital's would be: a CA, the SCP's certificate and a modality's client
/// certificate it signed, and a stranger's client certificate signed by another CA. Keys and certificates as PEM files
/// (for DCMTK and for a service's configuration), and the server certificate with its key for .NET.
/// (Also compiled into FedBus.Dicom.Tests, which keeps to the DICOM library alone.)
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string folder) => Folder = folder;

    public string Folder { get; }

    public X509Certificate2 Authority { get; private set; } = null!;

    public X509Certificate2 Server { get; private set; } = null!;

    public string AuthorityPem => Path.Combine(Folder, "ca.pem");

    public string ServerCertificatePem => Path.Combine(Folder, "server.pem");

    public string ServerKeyPem => Path.Combine(Folder, "server.key");

    public string ClientCertificatePem => Path.Combine(Folder, "client.pem");

    public string ClientKeyPem => Path.Combine(Folder, "client.key");

    public string StrangerCertificatePem => Path.Combine(Folder, "stranger.pem");

    public string StrangerKeyPem => Path.Combine(Folder, "stranger.key");

    public static TestCertificates Create()
    {
        var pki = new TestCertificates(Directory.CreateTempSubdirectory("fedbus-tls-").FullName);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = RSA.Create(2048);
        pki.Authority = SelfSignedAuthority("CN=FedBus Test Hospital CA", caKey, now);
        File.WriteAllText(pki.AuthorityPem, pki.Authority.ExportCertificatePem());

        using var serverKey = RSA.Create(2048);
        var server = Issue("CN=fedbus-scp", serverKey, pki.Authority, caKey, now, serverAuth: true);
        pki.Server = server.CopyWithPrivateKey(serverKey);
        Write(server, serverKey, pki.ServerCertificatePem, pki.ServerKeyPem);

        using var clientKey = RSA.Create(2048);
        Write(Issue("CN=PACS", clientKey, pki.Authority, caKey, now, serverAuth: false), clientKey, pki.ClientCertificatePem, pki.ClientKeyPem);

        using var otherCaKey = RSA.Create(2048);
        using var otherCa = SelfSignedAuthority("CN=Another Hospital CA", otherCaKey, now);
        using var strangerKey = RSA.Create(2048);
        Write(Issue("CN=STRANGER", strangerKey, otherCa, otherCaKey, now, serverAuth: false), strangerKey, pki.StrangerCertificatePem, pki.StrangerKeyPem);
        return pki;
    }

    public void Dispose()
    {
        Server.Dispose();
        Authority.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static X509Certificate2 SelfSignedAuthority(string name, RSA key, DateTimeOffset now)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now, now.AddDays(1));
    }

    private static X509Certificate2 Issue(string name, RSA key, X509Certificate2 issuer, RSA issuerKey, DateTimeOffset now, bool serverAuth)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var generator = X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1);
        return request.Create(issuer.SubjectName, generator, now, now.AddDays(1), serial);
    }

    private static void Write(X509Certificate2 certificate, RSA key, string certificatePath, string keyPath)
    {
        using (certificate)
        {
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        }
    }
}
