using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

/// <summary>What the network layer relies on: bare data sets in, Part 10 files out, without re-encoding.</summary>
public sealed class RawDatasetTests(SampleFiles samples) : IClassFixture<SampleFiles>
{
    public static TheoryData<string> Syntaxes => new("+te", "+ti", "+tb", "+td");

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void The_header_locates_exactly_the_data_set_bytes_dcmtk_writes_without_meta(string syntaxOption)
    {
        var part10 = samples.Get(syntaxOption, undefinedLengths: true);
        var bare = samples.NewPath($"bare{syntaxOption}.raw");
        Dcmtk.Run("dcmconv", "-q", "-F", syntaxOption, "-e", part10, bare);

        var header = DicomPart10Header.Read(part10);

        Assert.Equal(DicomFile.Open(part10).TransferSyntax, header.TransferSyntax);
        Assert.True(header.HasPreamble);
        var fromFile = File.ReadAllBytes(part10)[(int)header.DatasetOffset..];
        if (!header.TransferSyntax.IsDeflated)
        {
            Assert.Equal(File.ReadAllBytes(bare), fromFile);
        }
        else
        {
            // Two deflate runs need not agree byte for byte; what they inflate to must.
            Assert.Equal(Inflate(File.ReadAllBytes(bare)), Inflate(fromFile));
        }
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void A_bare_data_set_parses_to_what_the_file_holds(string syntaxOption)
    {
        var part10 = samples.Get(syntaxOption, undefinedLengths: true);
        var bare = samples.NewPath($"parse{syntaxOption}.raw");
        Dcmtk.Run("dcmconv", "-q", "-F", syntaxOption, "-e", part10, bare);
        using var file = DicomFile.Open(part10);

        var dataset = DicomDataset.Parse(File.ReadAllBytes(bare), file.TransferSyntax);

        Assert.Equal(
            file.Dataset.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian),
            dataset.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Equal(dataset.Count, file.Dataset.Count);
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void A_data_set_split_over_many_buffers_parses_like_one_buffer(string syntaxOption)
    {
        using var file = DicomFile.Open(samples.Get(syntaxOption, undefinedLengths: true));
        var bytes = file.Dataset.ToBytes(file.TransferSyntax);
        var sequence = Segments(bytes, 37);
        Assert.False(sequence.IsSingleSegment);

        var parsed = DicomDataset.Parse(sequence, file.TransferSyntax);

        Assert.Equal(
            file.Dataset.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian),
            parsed.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void A_data_set_split_over_buffers_and_cut_short_anywhere_is_refused_as_malformed(string syntaxOption)
    {
        using var file = DicomFile.Open(samples.Get(syntaxOption, undefinedLengths: true));
        var bytes = file.Dataset.ToBytes(file.TransferSyntax);
        for (var cut = 1; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 97))
        {
            var sequence = Segments(bytes[..cut], 29);
            try
            {
                var parsed = DicomDataset.Parse(sequence, file.TransferSyntax);
                // A cut exactly between two top-level elements is a shorter, valid data set.
                Assert.True(parsed.Count < file.Dataset.Count, $"cut at {cut} of {bytes.Length} parsed as complete");
            }
            catch (DicomException)
            {
            }
        }
    }

    [Fact]
    public void Pixel_values_spanning_buffers_read_the_same_as_from_one_buffer()
    {
        using var file = DicomFile.Open(samples.Get("+te", undefinedLengths: false));
        var bytes = file.Dataset.ToBytes(file.TransferSyntax);
        var whole = DicomDataset.Parse(bytes, file.TransferSyntax);
        var split = DicomDataset.Parse(Segments(bytes, 53), file.TransferSyntax);
        var expected = FedBus.Dicom.Imaging.DicomPixelData.FromDataset(whole, file.TransferSyntax).GetStoredValues(0);
        Assert.Equal(expected, FedBus.Dicom.Imaging.DicomPixelData.FromDataset(split, file.TransferSyntax).GetStoredValues(0));
        Assert.Equal(whole.GetElement(DicomTag.PixelData)!.GetBytes().ToArray(), split.GetElement(DicomTag.PixelData)!.GetBytes().ToArray());
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void A_file_written_from_meta_and_raw_data_set_bytes_is_what_dcmtk_had(string syntaxOption)
    {
        var part10 = samples.Get(syntaxOption);
        var header = DicomPart10Header.Read(part10);
        var datasetBytes = File.ReadAllBytes(part10)[(int)header.DatasetOffset..];
        var meta = DicomFileMetaInformation.Create(
            header.Meta.MediaStorageSopClassUid!, header.Meta.MediaStorageSopInstanceUid!, header.TransferSyntax, "FEDBUS_SCP");
        var output = samples.NewPath($"raw{syntaxOption}.dcm");

        using (var fs = File.Create(output))
        {
            DicomFile.WriteRaw(fs, meta, datasetBytes);
        }

        Assert.Equal(Dcmtk.DumpDataset(part10), Dcmtk.DumpDataset(output));
        var dump = Dcmtk.Run("dcmdump", "-q", output);
        Assert.Contains("(0002,0016) AE [FEDBUS_SCP]", dump, StringComparison.Ordinal);
        Assert.Contains($"(0002,0012) UI [{DicomUid.FedBusImplementationClassUid}]", dump, StringComparison.Ordinal);
        Assert.Equal(datasetBytes, File.ReadAllBytes(output)[(int)DicomPart10Header.Read(output).DatasetOffset..]);
    }

    [Fact]
    public async Task Writing_raw_from_a_stream_copies_it_unchanged()
    {
        var part10 = samples.Get("+ti");
        var header = DicomPart10Header.Read(part10);
        var datasetBytes = File.ReadAllBytes(part10)[(int)header.DatasetOffset..];
        using var output = new MemoryStream();

        await DicomFile.WriteRawAsync(output, header.Meta, new NonSeekableStream(datasetBytes));

        using var parsed = DicomFile.Parse(output.ToArray());
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, parsed.TransferSyntax);
        Assert.Equal(SampleDumps.PatientName, parsed.Dataset.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Rewriting_a_dcmtk_file_in_its_own_syntax_gives_the_same_data_set_bytes()
    {
        foreach (var option in new[] { "+te", "+ti", "+tb" })
        {
            foreach (var undefined in new[] { false, true })
            {
                var part10 = samples.Get(option, undefined);
                using var file = DicomFile.Open(part10);
                var original = File.ReadAllBytes(part10)[(int)file.DatasetOffset..];

                Assert.Equal(original, file.Dataset.ToBytes(file.TransferSyntax));
            }
        }
    }

    [Fact]
    public void Reading_only_the_header_stops_before_pixel_data()
    {
        using var file = DicomFile.Open(samples.Get("+te"), DicomReadOptions.HeaderOnly);

        Assert.True(file.IsPartial);
        Assert.False(file.Dataset.Contains(DicomTag.PixelData));
        Assert.Equal(SampleDumps.PatientName, file.Dataset.GetString(DicomTag.PatientName));
        Assert.Throws<InvalidOperationException>(() => file.Save(samples.NewPath("partial.dcm")));
    }

    private static System.Buffers.ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var chunk = bytes.AsMemory(at, Math.Min(size, bytes.Length - at));
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return new System.Buffers.ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : System.Buffers.ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private static byte[] Inflate(byte[] deflated)
    {
        using var input = new System.IO.Compression.DeflateStream(new MemoryStream(deflated), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
