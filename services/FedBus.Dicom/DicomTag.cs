using System.Globalization;

namespace FedBus.Dicom;

/// <summary>A DICOM attribute tag (gggg,eeee). Ordered as the standard orders elements in a data set.</summary>
public readonly partial struct DicomTag(ushort group, ushort element) : IEquatable<DicomTag>, IComparable<DicomTag>
{
    public ushort Group { get; } = group;

    public ushort Element { get; } = element;

    public DicomTag(uint value)
        : this((ushort)(value >> 16), (ushort)value)
    {
    }

    /// <summary>Group in the high 16 bits, element in the low 16 bits: sorts like the standard.</summary>
    public uint Value => (uint)Group << 16 | Element;

    /// <summary>Odd groups other than 0001, 0003, 0005, 0007 and FFFF carry private data (PS3.5 7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0007 && Group != 0xFFFF;

    /// <summary>(gggg,0010-00FF) in a private group reserves a block of elements for a creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>The creator element (gggg,00xx) that reserves this private element's block, if any.</summary>
    public DicomTag? PrivateCreator =>
        IsPrivate && Element >= 0x1000 ? new DicomTag(Group, (ushort)(Element >> 8)) : null;

    /// <summary>(gggg,0000): group lengths are retired except in the command set and file meta group.</summary>
    public bool IsGroupLength => Element == 0x0000;

    public static DicomTag Item => new(0xFFFE, 0xE000);

    public static DicomTag ItemDelimitationItem => new(0xFFFE, 0xE00D);

    public static DicomTag SequenceDelimitationItem => new(0xFFFE, 0xE0DD);

    /// <summary>The dictionary entry for this tag, or null when the dictionary does not know it.</summary>
    public DicomDictionaryEntry? DictionaryEntry => DicomDictionary.Lookup(this);

    /// <summary>The PS3.6 keyword, or null when unknown (private tags have none).</summary>
    public string? Keyword => DictionaryEntry?.Keyword;

    /// <summary>Parses "(0010,0010)", "0010,0010", "00100010" or a keyword such as "PatientName".</summary>
    public static DicomTag Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var tag)
            ? tag
            : throw new FormatException($"'{text}' is neither a DICOM tag (gggg,eeee) nor a known keyword");
    }

    public static bool TryParse(string text, out DicomTag tag)
    {
        tag = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length == 8 && uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v))
        {
            tag = new DicomTag(v);
            return true;
        }

        var entry = DicomDictionary.LookupKeyword(text.Trim());
        if (entry is null)
        {
            return false;
        }

        tag = entry.Tag;
        return true;
    }

    public bool Equals(DicomTag other) => Value == other.Value;

    public override bool Equals(object? obj) => obj is DicomTag other && Equals(other);

    public override int GetHashCode() => (int)Value;

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    public override string ToString() => $"({Group:X4},{Element:X4})";

    public static bool operator ==(DicomTag left, DicomTag right) => left.Value == right.Value;

    public static bool operator !=(DicomTag left, DicomTag right) => left.Value != right.Value;

    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
