using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using FedBus.Dicom.Network;
using FedBus.Testing;

namespace FedBus.Dicom.Tests.Network;

/// <summary>
/// DCMTK's storescu over TLS (its BCP 195 profiles) against our SCP with a server certificate and client certificates; and,
/// since storescu cannot do BCP 195 without a certificate, our own SCU over a .NET SslStream that presents none.
/// </summary>
public sealed class DicomTlsTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TestCertificates _pki = TestCertificates.Create();

    public void Dispose() => _pki.Dispose();

    [Theory]
    [InlineData("+py")] // Non-downgrading BCP 195, DCMTK's default
    [InlineData("+px")] // BCP 195
    public async Task Storescu_over_TLS_with_the_hospitals_client_certificate_stores_the_exact_data_set_on_an_AEAD_suite(string profile)
    {
        var file = (await TestFiles.GetAsync())["ct-explicit"];
        var handler = new RecordingStoreHandler();
        var (server, log) = await StartAsync(handler, requireClientCertificate: true);
        await using var _ = server;

        var result = await StoreAsync(server, "PACS", [profile, "+tls", _pki.ClientKeyPem, _pki.ClientCertificatePem], file.Path);

        Assert.True(result.ExitCode == 0, result.Output + string.Join('\n', log));
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        var received = Assert.Single(handler.Received);
        Assert.Equal(file.SopInstanceUid, received.SopInstanceUid);
        Assert.Equal(file.DataSetBytes(), received.DataSet);
        var tls = Assert.Single(log, l => l.StartsWith("Debug: TLS with", StringComparison.Ordinal));
        Assert.Contains("client certificate CN=PACS", tls, StringComparison.Ordinal);
        Assert.Contains(DicomTlsOptions.Bcp195CipherSuites, suite => tls.Contains(suite.ToString(), StringComparison.Ordinal));
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Fact]
    public async Task A_client_certificate_from_another_authority_is_refused_in_the_handshake_and_nothing_is_stored()
    {
        var file = (await TestFiles.GetAsync())["ct-explicit"];
        var handler = new RecordingStoreHandler();
        var (server, log) = await StartAsync(handler, requireClientCertificate: false);
        await using var _ = server;

        // Optional client certificates still have to be good ones when presented.
        var result = await StoreAsync(server, "PACS", ["+tls", _pki.StrangerKeyPem, _pki.StrangerCertificatePem], file.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(handler.Received);
        Assert.Contains(log, l => l.Contains("TLS handshake with", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
        await AssertServesOverTlsAsync(server, handler, log, file);
    }

    [Fact]
    public async Task A_peer_speaking_plain_DICOM_to_the_TLS_port_gets_no_association_and_the_port_keeps_serving_TLS()
    {
        var file = (await TestFiles.GetAsync())["ct-explicit"];
        var handler = new RecordingStoreHandler();
        var (server, log) = await StartAsync(handler, requireClientCertificate: true);
        await using var _ = server;

        var result = await StoreAsync(server, "PACS", [], file.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(handler.Received);
        Assert.Contains(log, l => l.Contains("TLS handshake with", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.Contains("established", StringComparison.Ordinal));
        await AssertServesOverTlsAsync(server, handler, log, file);
    }

    [Fact]
    public async Task Over_TLS_the_calling_AE_allow_list_still_rejects_an_unknown_AE_title()
    {
        var file = (await TestFiles.GetAsync())["ct-explicit"];
        var handler = new RecordingStoreHandler();
        var (server, log) = await StartAsync(handler, requireClientCertificate: true, allowed: ["PACS"]);
        await using var _ = server;

        var result = await StoreAsync(server, "INTRUDER", ["+tls", _pki.ClientKeyPem, _pki.ClientCertificatePem], file.Path);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(handler.Received);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Our_SCU_over_an_SslStream_without_a_client_certificate_echoes_and_stores_when_client_certificates_are_optional(SslProtocols protocol)
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await StartAsync(handler, requireClientCertificate: false);
        await using var _ = server;

        var tls = await TlsWithoutClientCertificateAsync(server.Port, protocol);
        await using var association = await DicomClientAssociation.OpenAsync(tls, Requests.Client(server.Port), Contexts);
        var echo = await association.EchoAsync();
        var stored = await association.StoreAsync(Requests.Item(40_000, "2.25.701"));
        await association.ReleaseAsync();

        Assert.True(echo.IsSuccess, $"C-ECHO: 0x{echo.Code:X4}");
        Assert.True(stored.IsSuccess, $"C-STORE: 0x{stored.Code:X4} {stored.ErrorComment}");
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("2.25.701", Assert.Single(handler.Received).SopInstanceUid);
        var line = Assert.Single(log, l => l.StartsWith("Debug: TLS with", StringComparison.Ordinal));
        Assert.Contains($"{(protocol == SslProtocols.Tls12 ? "Tls12" : "Tls13")}, ", line, StringComparison.Ordinal);
        Assert.Contains("client certificate none", line, StringComparison.Ordinal);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Our_SCU_over_an_SslStream_without_a_client_certificate_gets_no_association_when_client_certificates_are_required(SslProtocols protocol)
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await StartAsync(handler, requireClientCertificate: true);
        await using var _ = server;

        // The server checks the (missing) certificate once its handshake is done, so the client may finish its own and
        // learn of the refusal as a closed connection at the A-ASSOCIATE (measured: so under TLS 1.2 and 1.3 alike).
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var error = await Record.ExceptionAsync(async () =>
        {
            var tls = await TlsWithoutClientCertificateAsync(server.Port, protocol);
            await using var association = await DicomClientAssociation.OpenAsync(tls, Requests.Client(server.Port), Contexts);
            await association.EchoAsync();
        });

        output.WriteLine($"{protocol}: refused after {watch.ElapsedMilliseconds} ms with {error?.GetType().Name}: {error?.Message}");
        Assert.True(error is AuthenticationException or IOException or DicomNetworkException, $"Expected a refused connection, got {error?.GetType().Name ?? "an association"}: {error?.Message}");
        Assert.Empty(handler.Received);
        // The server logs its side once its handshake gave up, which may be just after the client saw the alert.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!log.Any(l => l.Contains("TLS handshake with", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Contains(log, l => l.Contains("TLS handshake with", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
        Assert.DoesNotContain(log, l => l.StartsWith("Debug: TLS with", StringComparison.Ordinal));
    }

    private static readonly PresentationContextRequest[] Contexts =
    [
        new(DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVRLittleEndian]),
        new(Requests.CtImageStorage, [DicomNetworkUids.ExplicitVRLittleEndian]),
    ];

    /// <summary>A .NET TLS client as a modality without a certificate would be: it checks the SCP's certificate against the hospital's CA.</summary>
    private async Task<SslStream> TlsWithoutClientCertificateAsync(int port, SslProtocols protocol)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocol,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(_pki.Authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            });
        }
        catch
        {
            await ssl.DisposeAsync();
            client.Dispose();
            throw;
        }
        return ssl;
    }

    [Fact]
    public void A_server_certificate_without_its_private_key_is_refused_when_the_server_is_configured()
    {
        var withoutKey = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(_pki.Server.RawData);
        var options = new DicomServerOptions { Tls = new DicomTlsOptions { ServerCertificate = withoutKey } };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("no private key", error.Message, StringComparison.Ordinal);
    }

    private async Task AssertServesOverTlsAsync(DicomServer server, RecordingStoreHandler handler, System.Collections.Concurrent.ConcurrentQueue<string> log, Part10Range file)
    {
        var result = await StoreAsync(server, "PACS", ["+tls", _pki.ClientKeyPem, _pki.ClientCertificatePem], file.Path);
        Assert.True(result.ExitCode == 0, result.Output + string.Join('\n', log));
        await handler.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(file.SopInstanceUid, Assert.Single(handler.Received).SopInstanceUid);
        TestServer.AssertNoUnexpectedFailure(log);
    }

    private Task<(DicomServer Server, System.Collections.Concurrent.ConcurrentQueue<string> Log)> StartAsync(
        RecordingStoreHandler handler, bool requireClientCertificate, string[]? allowed = null) =>
        TestServer.StartAsync(handler, o =>
        {
            o.ArtimTimeout = TimeSpan.FromSeconds(5);
            o.AllowedCallingAeTitles = allowed?.ToHashSet(StringComparer.Ordinal);
            o.Tls = new DicomTlsOptions
            {
                ServerCertificate = _pki.Server,
                RequireClientCertificate = requireClientCertificate,
                TrustedClientAuthorities = [_pki.Authority],
            };
        });

    private Task<ToolResult> StoreAsync(DicomServer server, string callingAe, string[] tls, string file) =>
        // +cf: storescu verifies our server certificate against the hospital's CA (it requires a valid peer certificate).
        Dcmtk.RunAsync("storescu",
        [
            "-aet", callingAe, "-aec", TestServer.AeTitle, .. tls, .. tls.Length > 0 ? new[] { "+cf", _pki.AuthorityPem } : [],
            "127.0.0.1", server.Port.ToString(CultureInfo.InvariantCulture), file,
        ]);
}
