namespace FedBus.Dicom;

/// <summary>
/// A PN value (PS3.5 6.2.1): up to three component groups (alphabetic, ideographic, phonetic)
/// separated by '=', each with five components separated by '^'.
/// </summary>
public sealed record DicomPersonName(
    string FamilyName,
    string GivenName = "",
    string MiddleName = "",
    string Prefix = "",
    string Suffix = "",
    string Ideographic = "",
    string Phonetic = "")
{
    public static DicomPersonName Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var groups = value.Split('=');
        var c = groups[0].Split('^');
        string At(int i) => i < c.Length ? c[i].Trim() : string.Empty;
        return new DicomPersonName(
            At(0), At(1), At(2), At(3), At(4),
            groups.Length > 1 ? groups[1].TrimEnd() : string.Empty,
            groups.Length > 2 ? groups[2].TrimEnd() : string.Empty);
    }

    /// <summary>The encoded form, with trailing empty components dropped as PS3.5 recommends.</summary>
    public override string ToString()
    {
        var alphabetic = string.Join('^', FamilyName, GivenName, MiddleName, Prefix, Suffix).TrimEnd('^');
        var text = string.Join('=', alphabetic, Ideographic, Phonetic).TrimEnd('=');
        return text;
    }

    /// <summary>"Given Middle Family" for display.</summary>
    public string DisplayName =>
        string.Join(' ', new[] { Prefix, GivenName, MiddleName, FamilyName, Suffix }.Where(s => s.Length > 0));
}
