using System.Buffers.Binary;

namespace FedBus.Dicom.IO;

/// <summary>
/// Recursive-descent parser of a data set in one transfer syntax encoding (PS3.5 §7).
/// Every length is checked against the input and the enclosing item before it is used, so bad
/// input ends in <see cref="DicomFormatException"/> and never in a huge allocation.
/// </summary>
internal sealed class DicomParser(ByteSource source, DicomReadOptions options, bool explicitVr, bool bigEndian)
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private bool explicitVr = explicitVr;
    private bool bigEndian = bigEndian;

    /// <summary>Top-level stop: the first tag at or beyond this is not read.</summary>
    public uint StopAt { get; init; } = options.StopBeforeTag?.Value ?? uint.MaxValue;

    /// <summary>Stop when the group changes from 0002 (file meta information).</summary>
    public bool MetaOnly { get; init; }

    /// <summary>True when the top level ended at the stop tag (rather than the end of input).</summary>
    public bool Stopped { get; private set; }

    public void ParseTopLevel(DicomDataset dataset) => ParseItems(dataset, long.MaxValue, undefinedItem: false, depth: 0);

    private void ParseItems(DicomDataset dataset, long end, bool undefinedItem, int depth)
    {
        var topLevel = depth == 0;
        while (true)
        {
            if (source.Position >= end)
            {
                if (source.Position > end)
                {
                    throw new DicomFormatException(source.Position, $"an element runs {source.Position - end} byte(s) past the end of its item");
                }

                return;
            }

            var head = source.Peek(4);
            if (head.Length < 4)
            {
                if (topLevel && head.Length == 0)
                {
                    return;
                }

                throw source.Truncated(4, null, undefinedItem ? "an item (no item delimiter before the end)" : "an element tag");
            }

            var tag = ReadTag(head);
            if (topLevel && (tag.Value >= StopAt || (MetaOnly && tag.Group != 0x0002)))
            {
                Stopped = true;
                return;
            }

            if (tag.Group == 0xFFFE)
            {
                var pos = source.Position;
                var delimiter = source.Read(8, tag, "a delimiter");
                if (tag == DicomTag.ItemDelimitationItem && undefinedItem)
                {
                    return;
                }

                throw new DicomFormatException(pos, tag == DicomTag.ItemDelimitationItem
                    ? "item delimiter outside an item of undefined length"
                    : tag == DicomTag.SequenceDelimitationItem
                        ? "sequence delimiter where an element was expected"
                        : $"item tag {tag} where an element was expected (length {ReadUInt32(delimiter[4..])})", tag);
            }

            ParseElement(dataset, tag, end, depth);
        }
    }

    private void ParseElement(DicomDataset dataset, DicomTag tag, long end, int depth)
    {
        var start = source.Position;
        DicomVR vr;
        uint length;
        if (explicitVr)
        {
            var h = source.Read(8, tag, "an element header");
            vr = DicomVR.FromBytes(h[4], h[5])
                ?? throw new DicomFormatException(start + 4, $"invalid VR bytes 0x{h[4]:X2} 0x{h[5]:X2} (not two upper-case letters)", tag);
            if (vr.HasLongExplicitHeader)
            {
                length = ReadUInt32(source.Read(4, tag, "an element length"));
            }
            else
            {
                length = ReadUInt16(h[6..]);
            }
        }
        else
        {
            var h = source.Read(8, tag, "an element header");
            length = ReadUInt32(h[4..]);
            vr = ImplicitVR(tag, dataset);
        }

        if (length == UndefinedLength)
        {
            if (tag == DicomTag.PixelData && vr != DicomVR.SQ)
            {
                dataset.Append(ParseFragments(tag, vr));
                return;
            }

            if (vr == DicomVR.SQ || vr == DicomVR.UN)
            {
                // PS3.5 6.2.2: a UN of undefined length is a sequence in implicit VR little endian.
                var (savedExplicit, savedBig) = (explicitVr, bigEndian);
                if (vr == DicomVR.UN)
                {
                    (explicitVr, bigEndian) = (false, false);
                }

                try
                {
                    dataset.Append(ParseSequence(tag, -1, depth));
                }
                finally
                {
                    (explicitVr, bigEndian) = (savedExplicit, savedBig);
                }

                return;
            }

            throw new DicomFormatException(start, $"undefined length is not allowed for VR {vr}", tag);
        }

        var inputLeft = source.Remaining;
        var itemLeft = end == long.MaxValue ? long.MaxValue : end - source.Position;
        if (length > itemLeft)
        {
            throw new DicomFormatException(start, $"value length {length} exceeds the {itemLeft} byte(s) left in the enclosing item", tag);
        }

        if (length > inputLeft)
        {
            throw new DicomFormatException(start, $"value length {length} exceeds the {inputLeft} byte(s) left in the input{source.OffsetContext}", tag);
        }

        if (vr == DicomVR.SQ)
        {
            dataset.Append(ParseSequence(tag, length, depth));
            return;
        }

        var swap = bigEndian && vr.Kind == DicomVRKind.Binary ? vr.UnitSize : 1;
        dataset.Append(new DicomElement(tag, vr, source.ReadValue(length, swap, tag)));
    }

    private DicomSequence ParseSequence(DicomTag tag, long length, int depth)
    {
        if (depth >= options.MaxSequenceDepth)
        {
            throw new DicomFormatException(source.Position, $"sequences nested deeper than {options.MaxSequenceDepth}", tag);
        }

        var sequence = new DicomSequence(tag) { UndefinedLength = length < 0 };
        var end = length < 0 ? long.MaxValue : source.Position + length;
        while (true)
        {
            if (length >= 0 && source.Position >= end)
            {
                if (source.Position > end)
                {
                    throw new DicomFormatException(source.Position, $"items run {source.Position - end} byte(s) past the end of the sequence", tag);
                }

                return sequence;
            }

            var itemStart = source.Position;
            var h = source.Read(8, tag, length < 0 ? "a sequence (no sequence delimiter before the end)" : "an item header");
            var itemTag = ReadTag(h);
            var itemLength = ReadUInt32(h[4..]);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                if (length < 0)
                {
                    return sequence;
                }

                throw new DicomFormatException(itemStart, "sequence delimiter inside a sequence of defined length", tag);
            }

            if (itemTag != DicomTag.Item)
            {
                throw new DicomFormatException(itemStart, $"expected an item (FFFE,E000) in the sequence, found {itemTag}", tag);
            }

            var item = new DicomDataset(8) { UndefinedLength = itemLength == UndefinedLength };
            sequence.Items.Add(item);
            if (itemLength == UndefinedLength)
            {
                ParseItems(item, end, undefinedItem: true, depth + 1);
                continue;
            }

            var left = Math.Min(end, source.Remaining == long.MaxValue ? long.MaxValue : source.Position + source.Remaining) - source.Position;
            if (itemLength > left)
            {
                throw new DicomFormatException(itemStart, $"item length {itemLength} exceeds the {left} byte(s) left{(end == long.MaxValue ? " in the input" : " in the sequence")}", tag);
            }

            ParseItems(item, source.Position + itemLength, undefinedItem: false, depth + 1);
        }
    }

    private DicomFragmentSequence ParseFragments(DicomTag tag, DicomVR vr)
    {
        DicomBuffer? offsetTable = null;
        var fragments = new List<DicomBuffer>();
        while (true)
        {
            var itemStart = source.Position;
            var h = source.Read(8, tag, "an encapsulated pixel data item (no sequence delimiter before the end)");
            var itemTag = ReadTag(h);
            var itemLength = ReadUInt32(h[4..]);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                return new DicomFragmentSequence(tag, vr, offsetTable ?? DicomBuffer.Empty, fragments);
            }

            if (itemTag != DicomTag.Item)
            {
                throw new DicomFormatException(itemStart, $"expected a fragment item (FFFE,E000) in encapsulated pixel data, found {itemTag}", tag);
            }

            if (itemLength == UndefinedLength)
            {
                throw new DicomFormatException(itemStart, "a pixel data fragment must have a defined length", tag);
            }

            if (itemLength > source.Remaining)
            {
                throw source.Truncated(itemLength, tag, "a pixel data fragment");
            }

            var value = source.ReadValue(itemLength, 1, tag);
            if (offsetTable is null)
            {
                offsetTable = value;
            }
            else
            {
                fragments.Add(value);
            }
        }
    }

    private DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
    {
        var entry = DicomDictionary.Lookup(tag);
        if (entry is null)
        {
            return DicomVR.UN;
        }

        // Pixel Data is OW in implicit VR; call it OB when Bits Allocated <= 8, as DCMTK does, so a
        // later explicit (and above all big endian) encoding does not treat bytes as words.
        if (tag == DicomTag.PixelData
            && dataset.TryGetNumber<ushort>(DicomTag.BitsAllocated, out var bitsAllocated) && bitsAllocated <= 8)
        {
            return DicomVR.OB;
        }

        // "US or SS" attributes follow Pixel Representation (0 unsigned, 1 signed) when it is known.
        if (entry.AlternateVR == DicomVR.SS
            && dataset.TryGetNumber<ushort>(DicomTag.PixelRepresentation, out var pr) && pr == 1)
        {
            return DicomVR.SS;
        }

        return entry.VR;
    }

    private DicomTag ReadTag(ReadOnlySpan<byte> b) => bigEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(b), BinaryPrimitives.ReadUInt16BigEndian(b[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b[2..]));

    private uint ReadUInt32(ReadOnlySpan<byte> b) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    private ushort ReadUInt16(ReadOnlySpan<byte> b) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
}
