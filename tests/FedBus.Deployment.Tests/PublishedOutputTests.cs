using System.Net;
using System.Text.Json;
using System.Net.Http.Headers;
using FedBus.Dicom;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>The published output of every service and the gateway, run as the containers would (see <see cref="PublishedDeployment"/>).</summary>
public sealed class PublishedOutputTests(PublishedDeployment deployment) : IClassFixture<PublishedDeployment>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A client of the gateway with a token signed by the compose file's development key: site-a, every site role.</summary>
    private static HttpClient GatewayClient(RunningService gateway)
    {
        var key = Convert.FromBase64String(gateway.Compose.Env("FedBus__Auth__SigningKey"));
        var token = DevelopmentTokens.Issue(key, new AuthOptions(), "deployment-test", [FedBusRoles.Radiologist, FedBusRoles.SiteAdmin, FedBusRoles.Service], "site-a", TimeSpan.FromMinutes(30));
        return new HttpClient { BaseAddress = gateway.Url, Timeout = Patience, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
    }

    public static TheoryData<string> BuiltServices => new(ComposeFile.Load().Built.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(BuiltServices))]
    public async Task Each_published_service_listens_where_ASPNETCORE_URLS_says_and_answers_health_there(string name)
    {
        var service = deployment[name];
        await service.Started;

        using var http = new HttpClient { BaseAddress = service.Url, Timeout = Patience };
        using var response = await http.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} /health: {(int)response.StatusCode} {body}");
        if (name == "gateway")
        {
            Assert.Equal("Healthy", body);
            return;
        }

        // A service's report names its checks: the bus (RabbitMQ, as its own broker user) and the document store.
        using var report = JsonDocument.Parse(body);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        var checks = report.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("masstransit-bus").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("document-store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_gateway_forwards_each_prefix_unchanged_to_the_service_compose_names()
    {
        var gateway = deployment["gateway"];
        await gateway.Started;
        using var http = GatewayClient(gateway);
        var routes = GatewayRoutes.Load();
        Assert.NotEmpty(routes);
        foreach (var (prefix, cluster) in routes)
        {
            var service = deployment[cluster];
            await service.Started;
            var probe = $"deployment-probe-{Guid.NewGuid():N}";
            var path = $"{prefix}/{probe}";
            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode != HttpStatusCode.BadGateway && response.StatusCode != HttpStatusCode.ServiceUnavailable,
                $"the gateway could not reach {cluster} for {path}: {(int)response.StatusCode}");
            // The service itself logs the request: it arrived there, with the prefix still on the path.
            var received = await service.Process.WaitForLineAsync(
                l => l.Contains("FedBus.Http", StringComparison.Ordinal) && l.Contains(probe, StringComparison.Ordinal),
                Patience, $"{cluster} to receive {path} from the gateway");
            Assert.True(received.Contains(path, StringComparison.Ordinal), $"{cluster} received {path} as: {received}");
        }
    }

    [Fact]
    public async Task A_STOW_RS_request_above_Kestrels_default_30_MB_passes_the_gateway_to_ingestion()
    {
        var ingestion = deployment["ingestion"];
        var gateway = deployment["gateway"];
        await Task.WhenAll(ingestion.Started, gateway.Started);
        using var http = GatewayClient(gateway);
        // 40 MB that are not DICOM: ingestion (limit 4 GiB) reads them and refuses the content; the gateway, at its
        // default, would have answered 413 before forwarding a byte.
        using var body = new ByteArrayContent(new byte[40 << 20]);
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/related; type=\"application/dicom\"; boundary=b");
        using var response = await http.PostAsync("/dicomweb/studies", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"ingestion answered {(int)response.StatusCode}: {text}");
    }

    [Fact]
    public async Task A_JPEG_LS_study_sent_to_the_DICOM_port_is_announced_on_the_broker_and_its_frame_decodes_through_the_gateway()
    {
        var ingestion = deployment["ingestion"];
        var gateway = deployment["gateway"];
        await Task.WhenAll(ingestion.Started, gateway.Started);
        var folder = Directory.CreateTempSubdirectory("fedbus-deployment-dicom-").FullName;
        try
        {
            var study = new SyntheticStudy(InstancesPerSeries: 1, Rows: 64, Columns: 64);
            var plain = SyntheticDicom.WriteStudy(folder, study).Single();
            var compressed = Path.Combine(folder, "jpegls.dcm");
            await Run("dcmcjpls", plain, compressed);
            using var original = DicomFile.Open(plain);
            using (var sent = DicomFile.Open(compressed))
            {
                Assert.Equal(DicomTransferSyntax.JPEGLSLossless.Uid, sent.TransferSyntax.Uid);
            }

            var virtualHost = ingestion.Compose.Env("FedBus__Bus__VirtualHost");
            var queue = await deployment.Broker.BindQueueAsync(virtualHost, "FedBus.Contracts:StudyReceived");
            // -xt: propose JPEG-LS lossless, so the frame travels and is stored compressed, as a PACS would send it.
            await Run("storescu", "-xt", "-aec", "FEDBUS", deployment.Address.ToString(),
                deployment.DicomPort.ToString(System.Globalization.CultureInfo.InvariantCulture), compressed);

            var series = original.Dataset.GetString(DicomTag.SeriesInstanceUID);
            var sop = original.Dataset.GetString(DicomTag.SOPInstanceUID);
            using var http = GatewayClient(gateway);
            var instance = $"/dicomweb/studies/{study.StudyInstanceUid}/series/{series}/instances/{sop}";
            using (var request = new HttpRequestMessage(HttpMethod.Get, instance))
            {
                // Stored as it came: the frame below can only come out of GDCM's JPEG-LS decoder.
                request.Headers.Accept.ParseAdd("multipart/related; type=\"application/dicom\"; transfer-syntax=*");
                using var stored = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
                using var file = DicomFile.Parse(Assert.Single(await Multipart.ReadAsync(stored)));
                Assert.Equal(DicomTransferSyntax.JPEGLSLossless.Uid, file.TransferSyntax.Uid);
            }
            using var frames = await http.GetAsync($"{instance}/frames/1");
            Assert.True(frames.StatusCode == HttpStatusCode.OK, $"frames: {(int)frames.StatusCode} {await frames.Content.ReadAsStringAsync()}");
            var frame = Assert.Single(await Multipart.ReadAsync(frames));
            Assert.Equal(original.Dataset.GetElement(DicomTag.PixelData)!.GetBytes().ToArray(), frame);

            // Published by ingestion as its own broker user, in its site's virtual host.
            var announced = await AwaitMessageAsync(virtualHost, queue);
            Assert.Contains(study.StudyInstanceUid, announced, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<string> AwaitMessageAsync(string virtualHost, string queue)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var messages = await deployment.Broker.TakeAsync(virtualHost, queue, 1);
            if (messages.Count > 0) return messages[0];
            try
            {
                await Task.Delay(250, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No StudyReceived reached {queue} within {Patience.TotalSeconds} s. Ingestion's output:\n{deployment["ingestion"].Process.Transcript}");
            }
        }
    }

    private static async Task Run(string tool, params string[] arguments)
    {
        await using var process = ExternalProcess.Start(RequiredTool.Find(tool, "dcmtk"), arguments, new Dictionary<string, string> { ["TCP_NODELAY"] = "1" });
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited with {code}:\n{process.Transcript}");
    }
}
