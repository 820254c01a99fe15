using System.Net;
using FedBus.Dicom;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Ingestion.Tests;

/// <summary>
/// STOW-RS bodies much larger than memory should hold: the service spools each part to disk as it streams in, so its
/// resident memory does not follow the size or the number of requests. Measured on the service's own process: a service
/// that held each part in memory would grow by about the 108 MB the three requests carry (before spooling: +199 MB for 192 MB).
/// </summary>
public sealed class StowMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const long ObjectLimit = 16L << 20;
    private const long Bound = 40L << 20;
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-stow-memory-").FullName;

    [Fact]
    public async Task Three_STOW_RS_requests_at_once_each_with_a_12_MB_instance_and_a_24_MB_part_over_the_limit_grow_the_service_by_less_than_40_MB()
    {
        await using var service = await IngestionProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["FedBus:Ingestion:MaxObjectSize"] = ObjectLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var http = service.Http();
        // Warm: the code paths are loaded before the baseline is read.
        var warm = Instance(new SyntheticStudy(PatientId: "STOW-WARM", InstancesPerSeries: 1), 64);
        using (var first = await http.PostAsync("/dicomweb/studies", DicomWebClient.Stow([warm])))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = service.ResidentBytes;

        var studies = Enumerable.Range(0, 3).Select(i => new SyntheticStudy(PatientId: $"STOW-BIG-{i}", InstancesPerSeries: 1)).ToList();
        var responses = await Task.WhenAll(studies.Select(async study =>
        {
            var content = DicomWebClient.Stow([Instance(study, 1024)]);
            content.Add(new StreamContent(new PatternStream(24L << 20)) { Headers = { ContentType = new("application/dicom") } });
            using var response = await http.PostAsync("/dicomweb/studies", content);
            return (response.StatusCode, Body: await DicomWebClient.JsonAsync(response));
        }));

        var peak = service.PeakResidentBytes;
        output.WriteLine($"Resident before: {before >> 20} MB; peak while 3 x 36 MB came in: {peak >> 20} MB (bound: before + {Bound >> 20} MB).");
        Assert.True(peak < before + Bound, $"peak {peak >> 20} MB is not below {before >> 20} + {Bound >> 20} MB");
        foreach (var (status, body) in responses)
        {
            // The instance is stored; the part over the limit is refused with "out of resources: too large".
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal(1, body.GetProperty("00081199").GetProperty("Value").GetArrayLength());
            Assert.Equal("42753", DicomWebClient.Value(body.GetProperty("00081198").GetProperty("Value")[0], "00081197"));
        }
        foreach (var study in studies)
        {
            var found = Assert.Single(await DicomWebClient.SearchAsync(http, $"/dicomweb/studies/{study.StudyInstanceUid}/instances"));
            Assert.Equal("1024", DicomWebClient.Value(found, "00280010"));
        }
    }

    /// <summary>A Part 10 instance of rows x 6144 16-bit pixels (rows 1024: 12 MB).</summary>
    private static byte[] Instance(SyntheticStudy study, int rows)
    {
        var dataset = SyntheticDicom.Instances(study with { Rows = 8, Columns = 8 }).Single()
            .AddOrUpdate(DicomTag.Rows, (ushort)rows)
            .AddOrUpdate(DicomTag.Columns, (ushort)6144)
            .AddOrUpdateBytes(DicomTag.PixelData, DicomVR.OW, new byte[rows * 6144 * 2]);
        return new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).ToBytes();
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    /// <summary>A long body made up as it is read, so the test itself holds none of it.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
