namespace FedBus.Dicom;

/// <summary>A sequence of items (VR SQ); each item is a data set.</summary>
public sealed class DicomSequence : DicomItem
{
    public DicomSequence(DicomTag tag, params IEnumerable<DicomDataset> items)
        : base(tag, DicomVR.SQ)
    {
        Items = new DicomSequenceItems(this);
        foreach (var item in items)
        {
            Items.Add(item);
        }
    }

    public DicomSequenceItems Items { get; }

    /// <summary>
    /// How the sequence was encoded (or should be): true = undefined length with a delimiter.
    /// The writer keeps it unless told otherwise; new sequences default to undefined length.
    /// </summary>
    public bool UndefinedLength { get; set; } = true;

    /// <summary>The data set that holds this sequence (set when added): items inherit its character set.</summary>
    public DicomDataset? Owner { get; internal set; }

    public override string ToString() => $"{Tag} SQ {Items.Count} item(s)";
}
