using System.Collections.ObjectModel;

namespace FedBus.Dicom;

/// <summary>The items of a sequence; links each item to its parent data set for character set inheritance.</summary>
public sealed class DicomSequenceItems : Collection<DicomDataset>
{
    private readonly DicomSequence sequence;

    internal DicomSequenceItems(DicomSequence sequence) => this.sequence = sequence;

    protected override void InsertItem(int index, DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ParentSequence = sequence;
        base.InsertItem(index, item);
    }

    protected override void SetItem(int index, DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.ParentSequence = sequence;
        base.SetItem(index, item);
    }
}
