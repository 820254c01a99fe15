namespace FedBus.Dicom;

/// <summary>
/// A value representation of PS3.5 Table 6.2-1. One shared instance per VR, so reference
/// equality works; unknown two-letter codes read from a file get their own instance that
/// behaves like UN (PS3.5 6.2: future VRs use the long explicit header).
/// </summary>
public sealed class DicomVR
{
    private static readonly DicomVR?[] ByCode = new DicomVR?[26 * 26];

    private DicomVR(
        string code,
        string name,
        bool longHeader,
        DicomVRKind kind,
        int unitSize,
        byte padding,
        long maxLength,
        bool multiValued,
        bool characterSetSensitive,
        bool standard)
    {
        IsStandard = standard;
        Code = code;
        Name = name;
        HasLongExplicitHeader = longHeader;
        Kind = kind;
        UnitSize = unitSize;
        PaddingByte = padding;
        MaxLength = maxLength;
        IsBackslashMultiValued = multiValued;
        IsCharacterSetSensitive = characterSetSensitive;
    }

    /// <summary>Two upper-case letters, e.g. "PN".</summary>
    public string Code { get; }

    public string Name { get; }

    /// <summary>Explicit VR uses 2 reserved bytes + a 32-bit length (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV).</summary>
    public bool HasLongExplicitHeader { get; }

    public DicomVRKind Kind { get; }

    public bool IsString => Kind == DicomVRKind.Text;

    /// <summary>Bytes per value unit: swapped as a unit in big endian (AT counts as two 16-bit units).</summary>
    public int UnitSize { get; }

    /// <summary>The byte that pads odd-length values: space for text, NUL for UI and binary.</summary>
    public byte PaddingByte { get; }

    /// <summary>Maximum length of one value in bytes (characters for text), or of the whole value for binary VRs.</summary>
    public long MaxLength { get; }

    /// <summary>Multiple values are separated by a backslash.</summary>
    public bool IsBackslashMultiValued { get; }

    /// <summary>Decoded with (0008,0005) Specific Character Set (SH, LO, ST, LT, PN, UC, UT).</summary>
    public bool IsCharacterSetSensitive { get; }

    public static DicomVR AE { get; } = Text("AE", "Application Entity", 16);
    public static DicomVR AS { get; } = Text("AS", "Age String", 4);
    public static DicomVR AT { get; } = Binary("AT", "Attribute Tag", false, 2, 4);
    public static DicomVR CS { get; } = Text("CS", "Code String", 16);
    public static DicomVR DA { get; } = Text("DA", "Date", 8);
    public static DicomVR DS { get; } = Text("DS", "Decimal String", 16);
    public static DicomVR DT { get; } = Text("DT", "Date Time", 26);
    public static DicomVR FD { get; } = Binary("FD", "Floating Point Double", false, 8, 8);
    public static DicomVR FL { get; } = Binary("FL", "Floating Point Single", false, 4, 4);
    public static DicomVR IS { get; } = Text("IS", "Integer String", 12);
    public static DicomVR LO { get; } = Text("LO", "Long String", 64, charset: true);
    public static DicomVR LT { get; } = Text("LT", "Long Text", 10240, multi: false, charset: true);
    public static DicomVR OB { get; } = Binary("OB", "Other Byte", true, 1, uint.MaxValue - 1);
    public static DicomVR OD { get; } = Binary("OD", "Other Double", true, 8, uint.MaxValue - 8);
    public static DicomVR OF { get; } = Binary("OF", "Other Float", true, 4, uint.MaxValue - 4);
    public static DicomVR OL { get; } = Binary("OL", "Other Long", true, 4, uint.MaxValue - 4);
    public static DicomVR OV { get; } = Binary("OV", "Other 64-bit Very Long", true, 8, uint.MaxValue - 8);
    public static DicomVR OW { get; } = Binary("OW", "Other Word", true, 2, uint.MaxValue - 2);
    public static DicomVR PN { get; } = Text("PN", "Person Name", 64 * 5, charset: true);
    public static DicomVR SH { get; } = Text("SH", "Short String", 16, charset: true);
    public static DicomVR SL { get; } = Binary("SL", "Signed Long", false, 4, 4);
    public static DicomVR SQ { get; } = Make("SQ", "Sequence of Items", true, DicomVRKind.Sequence, 1, 0, uint.MaxValue, false, false);
    public static DicomVR SS { get; } = Binary("SS", "Signed Short", false, 2, 2);
    public static DicomVR ST { get; } = Text("ST", "Short Text", 1024, multi: false, charset: true);
    public static DicomVR SV { get; } = Binary("SV", "Signed 64-bit Very Long", true, 8, 8);
    public static DicomVR TM { get; } = Text("TM", "Time", 14);
    public static DicomVR UC { get; } = Text("UC", "Unlimited Characters", uint.MaxValue - 1, longHeader: true, charset: true);
    public static DicomVR UI { get; } = Make("UI", "Unique Identifier", false, DicomVRKind.Text, 1, 0x00, 64, true, false);
    public static DicomVR UL { get; } = Binary("UL", "Unsigned Long", false, 4, 4);
    public static DicomVR UN { get; } = Binary("UN", "Unknown", true, 1, uint.MaxValue - 1);
    public static DicomVR UR { get; } = Text("UR", "Universal Resource Identifier", uint.MaxValue - 1, longHeader: true, multi: false);
    public static DicomVR US { get; } = Binary("US", "Unsigned Short", false, 2, 2);
    public static DicomVR UT { get; } = Text("UT", "Unlimited Text", uint.MaxValue - 1, longHeader: true, multi: false, charset: true);
    public static DicomVR UV { get; } = Binary("UV", "Unsigned 64-bit Very Long", true, 8, 8);

    /// <summary>All standard VRs.</summary>
    public static IReadOnlyList<DicomVR> All { get; } =
    [
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN,
        SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    ];

    /// <summary>Parses the two letters of an explicit VR header. Null when not two upper-case letters.</summary>
    public static DicomVR? FromBytes(byte first, byte second)
    {
        var a = first - 'A';
        var b = second - 'A';
        if ((uint)a >= 26 || (uint)b >= 26)
        {
            return null;
        }

        var index = a * 26 + b;
        var vr = Volatile.Read(ref ByCode[index]);
        if (vr is not null)
        {
            return vr;
        }

        // An unknown but well-formed code: treat like UN, as PS3.5 asks of future VRs.
        var code = new string([(char)first, (char)second]);
        vr = Make(code, "Unknown (" + code + ")", true, DicomVRKind.Binary, 1, 0, uint.MaxValue - 1, false, false, register: false);
        Interlocked.CompareExchange(ref ByCode[index], vr, null);
        return ByCode[index];
    }

    /// <summary>Parses a code such as "PN"; throws for anything but two upper-case letters.</summary>
    public static DicomVR Parse(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return (code.Length == 2 ? FromBytes((byte)code[0], (byte)code[1]) : null)
            ?? throw new FormatException($"'{code}' is not a DICOM VR (two upper-case letters)");
    }

    /// <summary>True for the 34 VRs of the standard, false for an unknown code read from a file.</summary>
    public bool IsStandard { get; }

    public override string ToString() => Code;

    private static DicomVR Text(string code, string name, long max, bool longHeader = false, bool multi = true, bool charset = false) =>
        Make(code, name, longHeader, DicomVRKind.Text, 1, (byte)' ', max, multi, charset);

    private static DicomVR Binary(string code, string name, bool longHeader, int unit, long max) =>
        Make(code, name, longHeader, DicomVRKind.Binary, unit, 0, max, false, false);

    private static DicomVR Make(
        string code,
        string name,
        bool longHeader,
        DicomVRKind kind,
        int unit,
        byte padding,
        long max,
        bool multi,
        bool charset,
        bool register = true)
    {
        var vr = new DicomVR(code, name, longHeader, kind, unit, padding, max, multi, charset, register);
        if (register)
        {
            ByCode[(code[0] - 'A') * 26 + (code[1] - 'A')] = vr;
        }

        return vr;
    }
}
