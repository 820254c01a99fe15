using FedBus.Dicom.IO;

namespace FedBus.Dicom;

/// <summary>
/// A DICOM Part 10 file: meta information + data set. Files read from disk with large values left
/// in place (see <see cref="DicomReadOptions.LargeValueThreshold"/>) keep the file open until disposed.
/// </summary>
public sealed class DicomFile : IDisposable
{
    public DicomFile(DicomFileMetaInformation meta, DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    /// <summary>A new file for a data set; meta information from its SOP Class/Instance UIDs.</summary>
    public DicomFile(DicomDataset dataset, DicomTransferSyntax? transferSyntax = null, string? sourceApplicationEntityTitle = null)
        : this(
            DicomFileMetaInformation.FromDataset(dataset, transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian, sourceApplicationEntityTitle),
            dataset,
            transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian)
    {
    }

    public DicomFileMetaInformation Meta { get; }

    public DicomDataset Dataset { get; }

    /// <summary>How the data set was (or will be) encoded; from the meta information, or sniffed when absent.</summary>
    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>Where the data set started in the input; -1 for files built in memory.</summary>
    public long DatasetOffset { get; init; } = -1;

    public bool HadPreamble { get; init; } = true;

    /// <summary>True when reading stopped at <see cref="DicomReadOptions.StopBeforeTag"/>: the data set is incomplete.</summary>
    public bool IsPartial { get; init; }

    internal DicomFileHandle? FileHandle { get; set; }

    /// <summary>Reads a file. Throws <see cref="DicomFormatException"/> when it is not valid DICOM.</summary>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return DicomReader.ReadFile(path, options ?? DicomReadOptions.Default);
    }

    /// <summary>Reads a file from a stream (all values end up in memory).</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null) =>
        DicomReader.ReadFile(stream, options ?? DicomReadOptions.Default);

    /// <summary>Parses a file held in memory; values are slices of <paramref name="bytes"/> (no copy).</summary>
    public static DicomFile Parse(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) =>
        DicomReader.ReadFile(bytes, options ?? DicomReadOptions.Default);

    /// <summary>
    /// Writes a Part 10 file from meta information and data set bytes that are already encoded in
    /// the meta's transfer syntax (e.g. as received in C-STORE): no parsing, no re-encoding.
    /// </summary>
    public static void WriteRaw(Stream output, DicomFileMetaInformation meta, ReadOnlySpan<byte> datasetBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meta);
        meta.WriteTo(output);
        output.Write(datasetBytes);
    }

    /// <summary>As <see cref="WriteRaw(Stream, DicomFileMetaInformation, ReadOnlySpan{byte})"/>, copying the data set from a stream.</summary>
    public static void WriteRaw(Stream output, DicomFileMetaInformation meta, Stream datasetBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(datasetBytes);
        meta.WriteTo(output);
        datasetBytes.CopyTo(output, 256 * 1024);
    }

    public static async Task WriteRawAsync(Stream output, DicomFileMetaInformation meta, Stream datasetBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(datasetBytes);
        using var header = new MemoryStream(512);
        meta.WriteTo(header);
        await output.WriteAsync(header.GetBuffer().AsMemory(0, (int)header.Length), cancellationToken).ConfigureAwait(false);
        await datasetBytes.CopyToAsync(output, 256 * 1024, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the file, in <paramref name="transferSyntax"/> when given (default: the current one;
    /// the meta information is updated to match).
    /// </summary>
    public void WriteTo(Stream stream, DicomTransferSyntax? transferSyntax = null, DicomWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (IsPartial)
        {
            throw new InvalidOperationException("this file was read only up to a stop tag; writing it would lose the rest");
        }

        var syntax = transferSyntax ?? TransferSyntax;
        Meta.TransferSyntax = syntax;

        // We encode the data set, so we are the implementation that wrote the file (PS3.10 7.1).
        Meta.ImplementationClassUid = DicomUid.FedBusImplementationClassUid;
        Meta.ImplementationVersionName = DicomUid.FedBusImplementationVersionName;
        if (Meta.MediaStorageSopClassUid is null && Dataset.GetString(DicomTag.SOPClassUID) is { } sopClass)
        {
            Meta.MediaStorageSopClassUid = sopClass;
        }

        if (Meta.MediaStorageSopInstanceUid is null && Dataset.GetString(DicomTag.SOPInstanceUID) is { } sopInstance)
        {
            Meta.MediaStorageSopInstanceUid = sopInstance;
        }

        Meta.WriteTo(stream);
        DicomWriter.WriteDataset(stream, Dataset, syntax, options ?? DicomWriteOptions.Default);
    }

    /// <summary>Saves to a path (written to a temporary file first, then moved into place).</summary>
    public void Save(string path, DicomTransferSyntax? transferSyntax = null, DicomWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temp = path + ".tmp-" + Environment.ProcessId + "-" + Environment.CurrentManagedThreadId;
        try
        {
            using (var fs = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 256 * 1024))
            {
                WriteTo(fs, transferSyntax, options);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public byte[] ToBytes(DicomTransferSyntax? transferSyntax = null, DicomWriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        WriteTo(ms, transferSyntax, options);
        return ms.ToArray();
    }

    public void Dispose()
    {
        FileHandle?.Dispose();
        FileHandle = null;
    }
}
