using System.IO.Compression;
using System.Runtime.InteropServices;

namespace FedBus.Dicom.IO;

/// <summary>Entry points that set up a <see cref="ByteSource"/> and run the parser (PS3.10 §7 for files).</summary>
internal static class DicomReader
{
    // Files up to this size (read to the end) are read with one call and parsed in place.
    private const long WholeFileLimit = 1024 * 1024;

    public static DicomDataset ParseDataset(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.IsDeflated)
        {
            using var inflated = new DeflateStream(AsStream(bytes), CompressionMode.Decompress);
            return ParseBare(new ChunkedByteSource(inflated) { OffsetContext = " (offset in the inflated data set)" }, syntax, options);
        }

        return ParseBare(new MemoryByteSource(bytes), syntax, options);
    }

    public static DicomDataset ParseDataset(System.Buffers.ReadOnlySequence<byte> bytes, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return syntax.IsDeflated
            ? ParseDataset(new SequenceStream(bytes), syntax, options)
            : ParseBare(new SequenceByteSource(bytes), syntax, options);
    }

    public static DicomDataset ParseDataset(Stream stream, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.IsDeflated)
        {
            using var inflated = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            return ParseBare(new ChunkedByteSource(inflated) { OffsetContext = " (offset in the inflated data set)" }, syntax, options);
        }

        return ParseBare(new ChunkedByteSource(stream), syntax, options);
    }

    public static DicomFile ReadFile(string path, DicomReadOptions options)
    {
        var handle = DicomFileHandle.Open(path);
        try
        {
            if (options.StopBeforeTag is null && handle.Length <= Math.Min(WholeFileLimit, options.LargeValueThreshold))
            {
                var bytes = GC.AllocateUninitializedArray<byte>((int)handle.Length);
                handle.ReadExactly(0, bytes);
                handle.Dispose();
                return ReadPart10(new MemoryByteSource(bytes), options, null);
            }

            var source = new ChunkedByteSource(handle, 0, options.LargeValueThreshold);
            var file = ReadPart10(source, options, handle);
            if (!source.HasFileBackedValues)
            {
                handle.Dispose();
                file.FileHandle = null;
            }

            return file;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public static DicomFile ReadFile(Stream stream, DicomReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadPart10(new ChunkedByteSource(stream), options, null);
    }

    public static DicomFile ReadFile(ReadOnlyMemory<byte> bytes, DicomReadOptions options) =>
        ReadPart10(new MemoryByteSource(bytes), options, null);

    /// <summary>Only the preamble and meta group: where the data set starts and how it is encoded.</summary>
    public static DicomPart10Header ReadHeader(ByteSource source, DicomReadOptions options)
    {
        var (meta, preamble) = ReadMeta(source, options);
        var syntax = meta.TransferSyntax ?? SniffSyntax(source.Peek(8), meta: false)
            ?? throw new DicomFormatException(source.Position, "no transfer syntax in the meta information and the data set encoding is not recognizable");
        return new DicomPart10Header(meta, syntax, source.Position, preamble);
    }

    private static DicomFile ReadPart10(ByteSource source, DicomReadOptions options, DicomFileHandle? handle)
    {
        var header = ReadHeader(source, options);
        var dataset = new DicomDataset(64);
        bool stopped;
        if (header.TransferSyntax.IsDeflated)
        {
            // Deflated data sets are inflated as a stream; offsets in errors are into the inflated bytes.
            using var inflated = new DeflateStream(source.OpenRemainder(), CompressionMode.Decompress);
            stopped = ParseInto(dataset, new ChunkedByteSource(inflated) { OffsetContext = " (offset in the inflated data set)" }, header.TransferSyntax, options, sniff: true);
        }
        else
        {
            stopped = ParseInto(dataset, source, header.TransferSyntax, options, sniff: true);
        }

        return new DicomFile(header.Meta, dataset, header.TransferSyntax)
        {
            DatasetOffset = header.DatasetOffset,
            HadPreamble = header.HasPreamble,
            IsPartial = stopped,
            FileHandle = handle,
        };
    }

    private static (DicomFileMetaInformation Meta, bool Preamble) ReadMeta(ByteSource source, DicomReadOptions options)
    {
        var head = source.Peek(132);
        var preamble = head.Length >= 132 && head[128..132].SequenceEqual("DICM"u8);
        if (preamble)
        {
            source.Advance(132);
        }
        else if (!options.AllowMissingPreamble)
        {
            throw new DicomFormatException(0, "no 'DICM' prefix at offset 128: not a DICOM Part 10 file");
        }

        var meta = new DicomDataset(8);
        var first = source.Peek(8);
        if (first.Length >= 8 && first[0] == 0x02 && first[1] == 0x00)
        {
            // Meta is explicit VR little endian; a few old writers used implicit VR.
            var explicitMeta = DicomVR.FromBytes(first[4], first[5]) is { IsStandard: true };
            var parser = new DicomParser(source, options with { StopBeforeTag = null }, explicitMeta, bigEndian: false) { MetaOnly = true };
            parser.ParseTopLevel(meta);
        }
        else if (!preamble && SniffSyntax(first, meta: false) is null)
        {
            throw new DicomFormatException(0, head.Length < 8
                ? $"only {head.Length} byte(s): not a DICOM file"
                : "not a DICOM file: no 'DICM' prefix at offset 128 and no recognizable data set at the start");
        }

        return (new DicomFileMetaInformation(meta), preamble);
    }

    private static DicomDataset ParseBare(ByteSource source, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        var dataset = new DicomDataset(64);
        ParseInto(dataset, source, syntax, options, sniff: false);
        return dataset;
    }

    private static bool ParseInto(DicomDataset dataset, ByteSource source, DicomTransferSyntax syntax, DicomReadOptions options, bool sniff)
    {
        try
        {
            var (explicitVr, bigEndian) = sniff ? ActualEncoding(source, syntax) : (syntax.IsExplicitVR, syntax.IsBigEndian);
            var parser = new DicomParser(source, options, explicitVr, bigEndian);
            parser.ParseTopLevel(dataset);
            return parser.Stopped;
        }
        catch (InvalidDataException ex) when (syntax.IsDeflated)
        {
            throw new DicomFormatException(source.Position, $"the deflated data set is corrupt: {ex.Message}{source.OffsetContext}", null, ex);
        }
    }

    // Some writers declare explicit VR and write implicit (or the reverse). For files (not for
    // negotiated network data) trust the first element's bytes when they clearly say so.
    private static (bool Explicit, bool BigEndian) ActualEncoding(ByteSource source, DicomTransferSyntax syntax)
    {
        var first = source.Peek(8);
        if (first.Length < 8 || syntax.IsBigEndian)
        {
            return (syntax.IsExplicitVR, syntax.IsBigEndian);
        }

        var vr = DicomVR.FromBytes(first[4], first[5]);
        var implicitLength = (uint)(first[4] | first[5] << 8 | first[6] << 16 | first[7] << 24);
        if (syntax.IsExplicitVR && vr is null && implicitLength <= source.Remaining - 8)
        {
            return (false, false);
        }

        if (!syntax.IsExplicitVR && vr is { IsStandard: true })
        {
            var tag = new DicomTag((ushort)(first[0] | first[1] << 8), (ushort)(first[2] | first[3] << 8));
            var known = DicomDictionary.Lookup(tag);
            if (known is not null && (known.VR == vr || known.AlternateVR == vr))
            {
                return (true, false);
            }
        }

        return (syntax.IsExplicitVR, false);
    }

    // For input without meta information: a plausible first element (even group 0004..0028).
    private static DicomTransferSyntax? SniffSyntax(ReadOnlySpan<byte> first, bool meta)
    {
        _ = meta;
        if (first.Length < 8)
        {
            return null;
        }

        var group = (ushort)(first[0] | first[1] << 8);
        if ((group & 1) != 0 || group < 0x0004 || group > 0x0028)
        {
            return null;
        }

        return DicomVR.FromBytes(first[4], first[5]) is { IsStandard: true }
            ? DicomTransferSyntax.ExplicitVRLittleEndian
            : DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    internal static Stream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
