namespace FedBus.Dicom;

/// <summary>The File Meta Information (group 0002, PS3.10 §7.1) of a Part 10 file.</summary>
public sealed class DicomFileMetaInformation
{
    private static readonly byte[] Version = [0x00, 0x01];

    public DicomFileMetaInformation(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dataset = dataset;
    }

    /// <summary>The group 0002 elements (the group length is recomputed on write).</summary>
    public DicomDataset Dataset { get; }

    public string? MediaStorageSopClassUid
    {
        get => Dataset.GetString(DicomTag.MediaStorageSOPClassUID);
        set => Set(DicomTag.MediaStorageSOPClassUID, DicomVR.UI, value);
    }

    public string? MediaStorageSopInstanceUid
    {
        get => Dataset.GetString(DicomTag.MediaStorageSOPInstanceUID);
        set => Set(DicomTag.MediaStorageSOPInstanceUID, DicomVR.UI, value);
    }

    public string? TransferSyntaxUid
    {
        get => Dataset.GetString(DicomTag.TransferSyntaxUID);
        set => Set(DicomTag.TransferSyntaxUID, DicomVR.UI, value);
    }

    /// <summary>The transfer syntax named by (0002,0010); null when absent.</summary>
    public DicomTransferSyntax? TransferSyntax
    {
        get => TransferSyntaxUid is { Length: > 0 } uid ? DicomTransferSyntax.Lookup(uid) : null;
        set => TransferSyntaxUid = value?.Uid;
    }

    public string? ImplementationClassUid
    {
        get => Dataset.GetString(DicomTag.ImplementationClassUID);
        set => Set(DicomTag.ImplementationClassUID, DicomVR.UI, value);
    }

    public string? ImplementationVersionName
    {
        get => Dataset.GetString(DicomTag.ImplementationVersionName);
        set => Set(DicomTag.ImplementationVersionName, DicomVR.SH, value);
    }

    public string? SourceApplicationEntityTitle
    {
        get => Dataset.GetString(DicomTag.SourceApplicationEntityTitle);
        set => Set(DicomTag.SourceApplicationEntityTitle, DicomVR.AE, value);
    }

    /// <summary>Meta information for a new file, with our implementation class UID and version name.</summary>
    public static DicomFileMetaInformation Create(
        string sopClassUid,
        string sopInstanceUid,
        DicomTransferSyntax syntax,
        string? sourceApplicationEntityTitle = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sopClassUid);
        ArgumentException.ThrowIfNullOrEmpty(sopInstanceUid);
        ArgumentNullException.ThrowIfNull(syntax);
        var meta = new DicomFileMetaInformation(new DicomDataset());
        meta.Dataset.AddOrUpdateBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, Version);
        meta.MediaStorageSopClassUid = sopClassUid;
        meta.MediaStorageSopInstanceUid = sopInstanceUid;
        meta.TransferSyntax = syntax;
        meta.ImplementationClassUid = DicomUid.FedBusImplementationClassUid;
        meta.ImplementationVersionName = DicomUid.FedBusImplementationVersionName;
        if (!string.IsNullOrEmpty(sourceApplicationEntityTitle))
        {
            meta.SourceApplicationEntityTitle = sourceApplicationEntityTitle;
        }

        return meta;
    }

    /// <summary>Meta information for a data set: SOP Class/Instance UID (0008,0016)/(0008,0018) must be present.</summary>
    public static DicomFileMetaInformation FromDataset(DicomDataset dataset, DicomTransferSyntax syntax, string? sourceApplicationEntityTitle = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sopClass = dataset.GetString(DicomTag.SOPClassUID);
        var sopInstance = dataset.GetString(DicomTag.SOPInstanceUID);
        if (string.IsNullOrEmpty(sopClass) || string.IsNullOrEmpty(sopInstance))
        {
            throw new DicomDataException("a Part 10 file needs (0008,0016) SOP Class UID and (0008,0018) SOP Instance UID in the data set");
        }

        return Create(sopClass, sopInstance, syntax, sourceApplicationEntityTitle);
    }

    /// <summary>Writes preamble, "DICM" and this group; the data set bytes follow.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!Dataset.Contains(DicomTag.FileMetaInformationVersion))
        {
            Dataset.AddOrUpdateBytes(DicomTag.FileMetaInformationVersion, DicomVR.OB, Version);
        }

        if (string.IsNullOrEmpty(TransferSyntaxUid))
        {
            throw new DicomDataException(DicomTag.TransferSyntaxUID, "is required in the file meta information");
        }

        if (string.IsNullOrEmpty(ImplementationClassUid))
        {
            ImplementationClassUid = DicomUid.FedBusImplementationClassUid;
            ImplementationVersionName ??= DicomUid.FedBusImplementationVersionName;
        }

        IO.DicomWriter.WriteFileMeta(stream, Dataset);
    }

    private void Set(DicomTag tag, DicomVR vr, string? value)
    {
        if (value is null)
        {
            Dataset.Remove(tag);
        }
        else
        {
            Dataset.AddOrUpdate(tag, vr, value);
        }
    }
}
