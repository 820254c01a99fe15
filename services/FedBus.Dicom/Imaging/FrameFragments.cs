using System.Buffers.Binary;

namespace FedBus.Dicom.Imaging;

/// <summary>
/// Which fragments of encapsulated pixel data make up a frame (PS3.5 A.4): the Extended Offset
/// Table, else the Basic Offset Table, else one fragment per frame, else codestream start markers.
/// </summary>
internal static class FrameFragments
{
    public static byte[] Collect(DicomDataset dataset, DicomFragmentSequence sequence, int frame, int frames, DicomTransferSyntax syntax)
    {
        var fragments = sequence.Fragments;
        if (fragments.Count == 0)
        {
            throw new DicomDataException(DicomTag.PixelData, "encapsulated pixel data has no fragments");
        }

        var range = FromOffsets(dataset, sequence, frame, frames)
            ?? (fragments.Count == frames ? (frame, frame + 1)
                : frames == 1 ? (0, fragments.Count)
                : FromMarkers(fragments, frame, frames, syntax));
        var total = 0L;
        for (var i = range.Start; i < range.End; i++)
        {
            total += fragments[i].Length;
        }

        if (total > Array.MaxLength)
        {
            throw new DicomDataException(DicomTag.PixelData, $"frame {frame} spans {total} bytes");
        }

        var bytes = GC.AllocateUninitializedArray<byte>((int)total);
        var at = 0;
        for (var i = range.Start; i < range.End; i++)
        {
            var length = (int)fragments[i].Length;
            fragments[i].CopyTo(0, bytes.AsSpan(at, length));
            at += length;
        }

        return bytes;
    }

    private static (int Start, int End)? FromOffsets(DicomDataset dataset, DicomFragmentSequence sequence, int frame, int frames)
    {
        ulong[] offsets;
        if (dataset.GetElement(DicomTag.ExtendedOffsetTable) is { Length: > 0 } eot)
        {
            var b = eot.GetBytes().Span;
            offsets = new ulong[b.Length / 8];
            for (var i = 0; i < offsets.Length; i++)
            {
                offsets[i] = BinaryPrimitives.ReadUInt64LittleEndian(b[(i * 8)..]);
            }
        }
        else
        {
            offsets = sequence.GetOffsets().Select(o => (ulong)o).ToArray();
        }

        if (offsets.Length != frames || offsets[0] != 0)
        {
            return null;
        }

        // Offsets count from the first fragment's item tag: each fragment takes 8 header bytes + its length.
        ulong position = 0;
        int start = -1, end = sequence.Fragments.Count;
        var from = offsets[frame];
        var to = frame + 1 < frames ? offsets[frame + 1] : ulong.MaxValue;
        for (var i = 0; i < sequence.Fragments.Count; i++)
        {
            if (position == from)
            {
                start = i;
            }

            if (position >= to)
            {
                end = i;
                break;
            }

            position += 8 + (ulong)sequence.Fragments[i].Length;
        }

        return start >= 0 && start < end ? (start, end) : null;
    }

    private static (int Start, int End) FromMarkers(List<DicomBuffer> fragments, int frame, int frames, DicomTransferSyntax syntax)
    {
        var starts = new List<int>();
        Span<byte> head = stackalloc byte[4];
        for (var i = 0; i < fragments.Count; i++)
        {
            if (fragments[i].Length < 4)
            {
                continue;
            }

            fragments[i].CopyTo(0, head);
            var jpeg = head[0] == 0xFF && head[1] == 0xD8;
            var j2k = head[0] == 0xFF && head[1] == 0x4F && head[2] == 0xFF && head[3] == 0x51;
            var jp2 = head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 0x0C;
            if (jpeg || j2k || jp2)
            {
                starts.Add(i);
            }
        }

        if (starts.Count != frames || starts[0] != 0)
        {
            throw new DicomDataException(DicomTag.PixelData,
                $"cannot tell which of {fragments.Count} fragments belong to which of {frames} frames ({syntax.Name}, no usable offset table)");
        }

        return (starts[frame], frame + 1 < frames ? starts[frame + 1] : fragments.Count);
    }
}
