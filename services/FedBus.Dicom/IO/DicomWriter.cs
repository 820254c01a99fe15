using System.Buffers.Binary;
using System.IO.Compression;

namespace FedBus.Dicom.IO;

/// <summary>
/// Encodes data sets (PS3.5 §7). Values are stored little endian and are swapped for big endian;
/// odd-length values are padded (space for text, NUL for UI and binary); group lengths present
/// in the data set are recomputed; 16-bit-length VRs whose value no longer fits become UN.
/// </summary>
internal sealed class DicomWriter
{
    private const uint Undefined = 0xFFFFFFFF;
    private const int BufferSize = 64 * 1024;

    private readonly Stream output;
    private readonly bool explicitVr;
    private readonly bool bigEndian;
    private readonly DicomWriteOptions options;
    private readonly byte[] buffer;
    private int used;

    private DicomWriter(Stream output, DicomTransferSyntax syntax, DicomWriteOptions options, int bufferSize = BufferSize)
    {
        buffer = new byte[bufferSize];
        this.output = output;
        this.options = options;
        explicitVr = syntax.IsExplicitVR;
        bigEndian = syntax.IsBigEndian;
    }

    public static void WriteDataset(Stream output, DicomDataset dataset, DicomTransferSyntax syntax, DicomWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        CheckPixelDataFits(dataset, syntax);
        if (syntax.IsDeflated)
        {
            // PS3.5 A.5: raw deflate (RFC 1951), no zlib header.
            using var deflate = new DeflateStream(output, options.DeflateLevel, leaveOpen: true);
            var writer = new DicomWriter(deflate, syntax, options);
            writer.WriteItems(dataset);
            writer.Flush();
            return;
        }

        var w = new DicomWriter(output, syntax, options);
        w.WriteItems(dataset);
        w.Flush();
    }

    /// <summary>Writes the 128-byte preamble, "DICM" and the meta group (explicit VR LE, group length computed).</summary>
    public static void WriteFileMeta(Stream output, DicomDataset meta)
    {
        var w = new DicomWriter(output, DicomTransferSyntax.ExplicitVRLittleEndian, DicomWriteOptions.Default, 1024);
        w.Reserve(132).Clear();
        "DICM"u8.CopyTo(w.buffer.AsSpan(128));
        var groupLength = 0L;
        foreach (var item in meta)
        {
            if (item.Tag.Group == 0x0002 && item.Tag.Element != 0)
            {
                groupLength += w.Measure(item);
            }
        }

        w.WriteElement(new DicomElement(DicomTag.FileMetaInformationGroupLength, DicomVR.UL, DicomValueCodec.EncodeBinary<uint>([(uint)groupLength], DicomVR.UL)));
        foreach (var item in meta)
        {
            if (item.Tag.Group == 0x0002 && item.Tag.Element != 0)
            {
                w.WriteItem(item);
            }
        }

        w.Flush();
    }

    private static void CheckPixelDataFits(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var pixels = dataset.GetItem(DicomTag.PixelData);
        if (pixels is DicomFragmentSequence && !syntax.IsEncapsulated)
        {
            throw new DicomDataException(DicomTag.PixelData,
                $"is encapsulated (compressed) and cannot be written as {syntax.Name}; decompress it first (DicomPixelData.Decompress)");
        }

        if (pixels is DicomElement && syntax.IsEncapsulated)
        {
            throw new DicomDataException(DicomTag.PixelData,
                $"is native (uncompressed) and cannot be written as {syntax.Name} without compressing it");
        }
    }

    private void WriteItems(DicomDataset dataset)
    {
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength)
            {
                if (!options.KeepGroupLengths && item.Tag.Group != 0x0000)
                {
                    continue;
                }

                WriteGroupLength(dataset, item.Tag);
                continue;
            }

            WriteItem(item);
        }
    }

    private void WriteGroupLength(DicomDataset dataset, DicomTag tag)
    {
        long length = 0;
        foreach (var item in dataset)
        {
            if (item.Tag.Group == tag.Group && !item.Tag.IsGroupLength)
            {
                length += Measure(item);
            }
        }

        WriteElement(new DicomElement(tag, DicomVR.UL, DicomValueCodec.EncodeBinary<uint>([(uint)Math.Min(length, uint.MaxValue)], DicomVR.UL)));
    }

    private void WriteItem(DicomItem item)
    {
        switch (item)
        {
            case DicomElement e:
                WriteElement(e);
                break;
            case DicomSequence s:
                WriteSequence(s);
                break;
            case DicomFragmentSequence f:
                WriteFragments(f);
                break;
            default:
                throw new InvalidOperationException($"unknown item type {item.GetType().Name}");
        }
    }

    private void WriteElement(DicomElement e)
    {
        var length = e.Length;
        var padded = length + (length & 1);
        if (padded > Undefined - 1)
        {
            throw new DicomDataException(e.Tag, $"value of {length} bytes is too long for DICOM (max 4 GB - 2)");
        }

        var vr = EncodedVR(e.VR, padded);
        WriteHeader(e.Tag, vr, (uint)padded);
        var swap = bigEndian && vr.Kind == DicomVRKind.Binary && e.VR.Kind == DicomVRKind.Binary ? e.VR.UnitSize : 1;
        WriteValue(e.Buffer, swap);
        if ((length & 1) == 1)
        {
            Reserve(1)[0] = e.VR.PaddingByte;
        }
    }

    private void WriteSequence(DicomSequence s)
    {
        var content = SequenceUndefined(s) ? 0 : ContentLength(s);
        var undefined = SequenceUndefined(s) || content > Undefined - 1;
        WriteHeader(s.Tag, DicomVR.SQ, undefined ? Undefined : (uint)content);
        foreach (var item in s.Items)
        {
            var itemLength = ItemUndefined(item) ? 0 : MeasureItems(item);
            var itemUndefined = ItemUndefined(item) || itemLength > Undefined - 1;
            WriteDelimiter(DicomTag.Item, itemUndefined ? Undefined : (uint)itemLength);
            WriteItems(item);
            if (itemUndefined)
            {
                WriteDelimiter(DicomTag.ItemDelimitationItem, 0);
            }
        }

        if (undefined)
        {
            WriteDelimiter(DicomTag.SequenceDelimitationItem, 0);
        }
    }

    private void WriteFragments(DicomFragmentSequence f)
    {
        WriteHeader(f.Tag, DicomVR.OB, Undefined);
        WriteFragment(f.OffsetTable);
        foreach (var fragment in f.Fragments)
        {
            WriteFragment(fragment);
        }

        WriteDelimiter(DicomTag.SequenceDelimitationItem, 0);
    }

    private void WriteFragment(DicomBuffer fragment)
    {
        var length = fragment.Length;
        WriteDelimiter(DicomTag.Item, (uint)(length + (length & 1)));
        WriteValue(fragment, 1);
        if ((length & 1) == 1)
        {
            Reserve(1)[0] = 0;
        }
    }

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length)
    {
        if (!explicitVr)
        {
            var h = Reserve(8);
            WriteTag(h, tag);
            WriteUInt32(h[4..], length);
            return;
        }

        if (vr.HasLongExplicitHeader)
        {
            var h = Reserve(12);
            WriteTag(h, tag);
            h[4] = (byte)vr.Code[0];
            h[5] = (byte)vr.Code[1];
            h[6] = 0;
            h[7] = 0;
            WriteUInt32(h[8..], length);
        }
        else
        {
            var h = Reserve(8);
            WriteTag(h, tag);
            h[4] = (byte)vr.Code[0];
            h[5] = (byte)vr.Code[1];
            WriteUInt16(h[6..], (ushort)length);
        }
    }

    private void WriteDelimiter(DicomTag tag, uint length)
    {
        var h = Reserve(8);
        WriteTag(h, tag);
        WriteUInt32(h[4..], length);
    }

    private void WriteValue(DicomBuffer value, int swapUnit)
    {
        var length = value.Length;
        if (length == 0)
        {
            return;
        }

        if (value.IsInMemory && length <= buffer.Length / 2)
        {
            var dst = Reserve((int)length);
            value.GetMemory().Span.CopyTo(dst);
            if (swapUnit > 1)
            {
                ByteSwap.InPlace(dst, swapUnit);
            }

            return;
        }

        Flush();
        if (swapUnit <= 1)
        {
            value.WriteTo(output);
            return;
        }

        // Swap through a bounded scratch buffer (whole units per chunk).
        var chunk = new byte[Math.Min(length, 1 << 20) & ~7L];
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(chunk.Length, length - done);
            value.CopyTo(done, chunk.AsSpan(0, n));
            ByteSwap.InPlace(chunk.AsSpan(0, n), swapUnit);
            output.Write(chunk, 0, n);
            done += n;
        }
    }

    /// <summary>Encoded size of an item including its header (and delimiters).</summary>
    private long Measure(DicomItem item) => item switch
    {
        DicomElement e => HeaderSize(EncodedVR(e.VR, e.Length + (e.Length & 1))) + e.Length + (e.Length & 1),
        DicomSequence s => HeaderSize(DicomVR.SQ) + ContentLength(s) + (SequenceUndefined(s) ? 8 : 0),
        DicomFragmentSequence f => HeaderSize(DicomVR.OB) + 8 + Even(f.OffsetTable.Length) + f.Fragments.Sum(x => 8 + Even(x.Length)) + 8,
        _ => 0,
    };

    private long ContentLength(DicomSequence s)
    {
        long total = 0;
        foreach (var item in s.Items)
        {
            total += 8 + MeasureItems(item) + (ItemUndefined(item) ? 8 : 0);
        }

        return total;
    }

    private long MeasureItems(DicomDataset dataset)
    {
        long total = 0;
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength && !options.KeepGroupLengths && item.Tag.Group != 0x0000)
            {
                continue;
            }

            total += Measure(item);
        }

        return total;
    }

    private static long Even(long n) => n + (n & 1);

    private bool SequenceUndefined(DicomSequence s) => options.SequenceLength switch
    {
        DicomSequenceLengthMode.Undefined => true,
        DicomSequenceLengthMode.Defined => false,
        _ => s.UndefinedLength,
    };

    private bool ItemUndefined(DicomDataset item) => options.SequenceLength switch
    {
        DicomSequenceLengthMode.Undefined => true,
        DicomSequenceLengthMode.Defined => false,
        _ => item.UndefinedLength,
    };

    private int HeaderSize(DicomVR vr) => !explicitVr ? 8 : vr.HasLongExplicitHeader ? 12 : 8;

    // Unknown VRs and values too long for a 16-bit length are written as UN (PS3.5 6.2.2).
    private DicomVR EncodedVR(DicomVR vr, long paddedLength)
    {
        if (!explicitVr)
        {
            return vr;
        }

        if (!vr.IsStandard || (!vr.HasLongExplicitHeader && paddedLength > 0xFFFF))
        {
            return DicomVR.UN;
        }

        return vr;
    }

    private void WriteTag(Span<byte> b, DicomTag tag)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(b[2..], tag.Element);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(b[2..], tag.Element);
        }
    }

    private void WriteUInt32(Span<byte> b, uint v)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }
    }

    private void WriteUInt16(Span<byte> b, ushort v)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (used + count > buffer.Length)
        {
            Flush();
        }

        var span = buffer.AsSpan(used, count);
        used += count;
        return span;
    }

    private void Flush()
    {
        if (used > 0)
        {
            output.Write(buffer, 0, used);
            used = 0;
        }
    }
}
