namespace FedBus.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): a Basic Offset Table item followed by fragments. One frame
/// may span several fragments; the offset table (or, when empty, the fragment layout) says where
/// each frame starts.
/// </summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr, DicomBuffer offsetTable, IEnumerable<DicomBuffer> fragments)
    : DicomItem(tag, vr)
{
    public DicomFragmentSequence(DicomTag tag, IEnumerable<DicomBuffer> fragments)
        : this(tag, DicomVR.OB, DicomBuffer.Empty, fragments)
    {
    }

    /// <summary>The Basic Offset Table item's value: 32-bit offsets of each frame's first fragment (may be empty).</summary>
    public DicomBuffer OffsetTable { get; set; } = offsetTable;

    public List<DicomBuffer> Fragments { get; } = [.. fragments];

    /// <summary>The Basic Offset Table decoded (empty when absent).</summary>
    public uint[] GetOffsets()
    {
        var bytes = OffsetTable.GetMemory().Span;
        var offsets = new uint[bytes.Length / 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }

        return offsets;
    }

    public override string ToString() => $"{Tag} {VR} encapsulated, {Fragments.Count} fragment(s)";
}
