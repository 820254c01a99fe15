namespace FedBus.Dicom;

/// <summary>
/// One attribute of the data dictionary (generated from DCMTK's dicom.dic, i.e. PS3.6).
/// Repeating groups such as (60xx,3000) match through <see cref="GroupMask"/>/<see cref="ElementMask"/>.
/// </summary>
public sealed class DicomDictionaryEntry(
    DicomTag tag,
    ushort groupMask,
    ushort elementMask,
    DicomVR vr,
    DicomVR? alternateVr,
    string vm,
    string keyword,
    bool retired)
{
    /// <summary>The tag, or the first tag of a repeating range (e.g. (6000,3000)).</summary>
    public DicomTag Tag { get; } = tag;

    public ushort GroupMask { get; } = groupMask;

    public ushort ElementMask { get; } = elementMask;

    public bool IsRepeating => GroupMask != 0xFFFF || ElementMask != 0xFFFF;

    /// <summary>The VR used when the encoding does not say (implicit VR).</summary>
    public DicomVR VR { get; } = vr;

    /// <summary>The other VR for "US or SS", "OB or OW" attributes; null when the VR is fixed.</summary>
    public DicomVR? AlternateVR { get; } = alternateVr;

    /// <summary>Value multiplicity as in PS3.6: "1", "1-n", "2-2n"...</summary>
    public string VM { get; } = vm;

    public string Keyword { get; } = keyword;

    /// <summary>A readable name derived from the keyword ("PatientName" gives "Patient Name").</summary>
    public string Name => DicomDictionary.NameFromKeyword(Keyword);

    public bool IsRetired { get; } = retired;

    public bool Matches(DicomTag tag) =>
        (tag.Group & GroupMask) == Tag.Group && (tag.Element & ElementMask) == Tag.Element;

    public override string ToString() => $"{Tag} {VR} {VM} {Keyword}";
}
