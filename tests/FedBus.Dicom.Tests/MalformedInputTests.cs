using System.Buffers.Binary;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class MalformedInputTests(SampleFiles samples) : IClassFixture<SampleFiles>
{
    [Theory]
    [InlineData("+te")]
    [InlineData("+ti")]
    [InlineData("+tb")]
    public void Truncating_a_data_set_anywhere_but_an_element_boundary_gives_a_format_exception(string syntaxOption)
    {
        using var file = DicomFile.Open(samples.Get(syntaxOption));
        var syntax = file.TransferSyntax;
        var bytes = file.Dataset.ToBytes(syntax);

        // Where the top-level elements end: a prefix of k whole elements is a valid data set.
        var boundaries = new Dictionary<int, int> { [0] = 0 };
        var prefix = new DicomDataset();
        foreach (var item in file.Dataset)
        {
            prefix.Add(item);
            boundaries[prefix.ToBytes(syntax).Length] = prefix.Count;
        }

        Assert.Equal(bytes.Length, boundaries.Keys.Max());
        for (var n = 0; n < bytes.Length; n++)
        {
            var cut = bytes.AsMemory(0, n);
            if (boundaries.TryGetValue(n, out var count))
            {
                Assert.Equal(count, DicomDataset.Parse(cut, syntax).Count);
            }
            else
            {
                var ex = Assert.Throws<DicomFormatException>(() => DicomDataset.Parse(cut, syntax));
                Assert.InRange(ex.Offset, 0, n);
                Assert.Matches("ends|exceeds", ex.Reason);
            }
        }
    }

    [Fact]
    public void Truncating_a_part10_file_anywhere_gives_a_format_exception_with_an_offset()
    {
        var bytes = samples.Bytes("+te");
        var elementEnds = 0;
        for (var n = 0; n < bytes.Length; n++)
        {
            try
            {
                using var f = DicomFile.Parse(bytes.AsMemory(0, n));
                elementEnds++;
            }
            catch (DicomFormatException ex)
            {
                Assert.InRange(ex.Offset, 0, n);
            }
        }

        // Only cuts at top-level element boundaries parse (about one per element).
        Assert.InRange(elementEnds, 1, 120);
    }

    [Fact]
    public void A_length_larger_than_the_input_is_reported_without_allocating_it()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.PatientID, "12345678");
        var bytes = ds.ToBytes(DicomTransferSyntax.ImplicitVRLittleEndian);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0xF0000000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<DicomFormatException>(() => DicomDataset.Parse(bytes, DicomTransferSyntax.ImplicitVRLittleEndian));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "must not allocate the claimed length");
        Assert.Equal(0, ex.Offset);
        Assert.Equal(DicomTag.PatientID, ex.Tag);
        Assert.Contains("value length 4026531840 exceeds the 8 byte(s) left in the input", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_length_in_a_stream_of_unknown_length_fails_after_reading_what_is_there()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.PatientID, "12345678");
        var bytes = ds.ToBytes(DicomTransferSyntax.ImplicitVRLittleEndian);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0x7FFFFF00);
        using var stream = new NonSeekableStream(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.Throws<DicomFormatException>(() => DicomDataset.Parse(stream, DicomTransferSyntax.ImplicitVRLittleEndian));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "allocation must follow the bytes actually read");
    }

    [Fact]
    public void An_element_longer_than_its_item_is_rejected_with_the_item_named()
    {
        var item = new DicomDataset().AddOrUpdate(DicomTag.CodeValue, "ABCD");
        var ds = new DicomDataset().AddOrUpdate(new DicomSequence(DicomTag.ConceptNameCodeSequence, item) { UndefinedLength = false });
        item.UndefinedLength = false;
        var bytes = ds.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);

        // Sequence header 12 + item header 8, then the element: tag 4, VR 2, 16-bit length.
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(12 + 8 + 6), 0x0040);
        var ex = Assert.Throws<DicomFormatException>(() => DicomDataset.Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));

        Assert.Equal(20, ex.Offset);
        Assert.Contains("exceeds the 4 byte(s) left in the enclosing item", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_vr_is_rejected_with_its_bytes_and_offset()
    {
        var bytes = new DicomDataset().AddOrUpdate(DicomTag.PatientID, "X1").ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);
        bytes[4] = 0x01;
        bytes[5] = (byte)'?';

        var ex = Assert.Throws<DicomFormatException>(() => DicomDataset.Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));

        Assert.Equal(4, ex.Offset);
        Assert.Contains("invalid VR bytes 0x01 0x3F", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_but_well_formed_vr_is_read_as_unknown_bytes()
    {
        var bytes = new DicomDataset().AddOrUpdateBytes(new DicomTag(0x0011, 0x1010), DicomVR.UN, new byte[] { 1, 2, 3, 4 })
            .ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);
        bytes[4] = (byte)'Z';
        bytes[5] = (byte)'Z';

        var ds = DicomDataset.Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);

        var e = ds.GetElement(new DicomTag(0x0011, 0x1010))!;
        Assert.Equal("ZZ", e.VR.Code);
        Assert.False(e.VR.IsStandard);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, e.GetBytes().ToArray());
    }

    [Fact]
    public void Sequences_nested_deeper_than_the_limit_are_rejected_not_recursed_into()
    {
        var inner = new DicomDataset().AddOrUpdate(DicomTag.CodeValue, "X");
        for (var i = 0; i < 80; i++)
        {
            inner = new DicomDataset().AddOrUpdate(new DicomSequence(DicomTag.ContentSequence, inner));
        }

        var bytes = inner.ToBytes(DicomTransferSyntax.ExplicitVRLittleEndian);

        var ex = Assert.Throws<DicomFormatException>(() => DicomDataset.Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("nested deeper than 64", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(81, CountDepth(DicomDataset.Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { MaxSequenceDepth = 100 })));
    }

    [Fact]
    public void Garbage_is_not_a_dicom_file()
    {
        var garbage = new byte[1000];
        new Random(7).NextBytes(garbage);

        var ex = Assert.Throws<DicomFormatException>(() => DicomFile.Parse(garbage));

        Assert.Contains("not a DICOM file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_deflated_data_set_gives_a_format_exception()
    {
        var bytes = samples.Bytes("+td");
        var header = DicomPart10Header.Read(bytes);
        for (var i = (int)header.DatasetOffset + 2; i < bytes.Length; i += 7)
        {
            bytes[i] ^= 0x5A;
        }

        Assert.Throws<DicomFormatException>(() => DicomFile.Parse(bytes));
    }

    private static int CountDepth(DicomDataset ds)
    {
        var depth = 1;
        while (ds.GetSequence(DicomTag.ContentSequence) is { } s)
        {
            ds = s.Items[0];
            depth++;
        }

        return depth;
    }
}
