using System.Text;

namespace FedBus.Dicom;

/// <summary>
/// Decodes and encodes text of the character-set-sensitive VRs per (0008,0005) Specific Character
/// Set (PS3.3 C.12.1.1.2, PS3.5 §6.1). Single-byte sets and UTF-8 map to one .NET encoding;
/// ISO 2022 Japanese goes through .NET's ISO-2022-JP decoder; for other ISO 2022 sets the escape
/// sequences are dropped and the bytes decoded with the set they designate.
/// The default repertoire is decoded as Latin-1 so stray 8-bit bytes survive a round trip.
/// </summary>
public sealed class DicomCharacterSet
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    private readonly bool stripEscapes;

    private DicomCharacterSet(string[] terms, Encoding encoding, bool stripEscapes)
    {
        Terms = terms;
        Encoding = encoding;
        this.stripEscapes = stripEscapes;
    }

    public static DicomCharacterSet Default { get; } = new([string.Empty], Latin1, stripEscapes: false);

    public static DicomCharacterSet Utf8 { get; } = new(["ISO_IR 192"], new UTF8Encoding(false), stripEscapes: false);

    /// <summary>The defined terms of (0008,0005), e.g. ["ISO_IR 100"] or ["", "ISO 2022 IR 87"].</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The encoding used for the values (for ISO 2022, of the designated set).</summary>
    public Encoding Encoding { get; }

    /// <summary>
    /// The character set for the values of (0008,0005). Throws <see cref="DicomDataException"/>
    /// for a term this library does not know (better than silently garbling names).
    /// </summary>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var cleaned = terms.Select(t => t.Trim().ToUpperInvariant()).ToArray();
        if (cleaned.Length == 0 || cleaned.All(t => t.Length == 0 || t is "ISO_IR 6" or "ISO 2022 IR 6"))
        {
            return Default;
        }

        if (cleaned.Length == 1 && cleaned[0] == "ISO_IR 192")
        {
            return Utf8;
        }

        if (cleaned.Any(t => t is "ISO 2022 IR 87" or "ISO 2022 IR 159"))
        {
            // CP 50222 = ISO-2022-JP with JIS X 0201 katakana: understands the escapes itself.
            return new DicomCharacterSet(cleaned, CodePage(50222), stripEscapes: false);
        }

        var iso2022 = cleaned.Any(t => t.StartsWith("ISO 2022", StringComparison.Ordinal));
        var main = cleaned.LastOrDefault(t => t.Length > 0 && t is not ("ISO 2022 IR 6" or "ISO_IR 6")) ?? string.Empty;
        var encoding = EncodingFor(main)
            ?? throw new DicomDataException(DicomTag.SpecificCharacterSet, $"character set '{string.Join('\\', terms)}' is not supported");
        return new DicomCharacterSet(cleaned, encoding, stripEscapes: iso2022);
    }

    public string Decode(ReadOnlySpan<byte> bytes)
    {
        if (!stripEscapes || bytes.IndexOf((byte)0x1B) < 0)
        {
            return Encoding.GetString(bytes);
        }

        // ESC then intermediate bytes (0x20-0x2F) then one final byte: drop the whole sequence.
        var buffer = new byte[bytes.Length];
        var n = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0x1B)
            {
                i++;
                while (i < bytes.Length && bytes[i] is >= 0x20 and <= 0x2F)
                {
                    i++;
                }

                continue;
            }

            buffer[n++] = bytes[i];
        }

        return Encoding.GetString(buffer, 0, n);
    }

    public byte[] Encode(string text) => Encoding.GetBytes(text);

    public override string ToString() => string.Join('\\', Terms);

    private static Encoding? EncodingFor(string term) => term switch
    {
        "ISO_IR 100" or "ISO 2022 IR 100" => Latin1,
        "ISO_IR 101" or "ISO 2022 IR 101" => CodePage(28592),
        "ISO_IR 109" or "ISO 2022 IR 109" => CodePage(28593),
        "ISO_IR 110" or "ISO 2022 IR 110" => CodePage(28594),
        "ISO_IR 144" or "ISO 2022 IR 144" => CodePage(28595),
        "ISO_IR 127" or "ISO 2022 IR 127" => CodePage(28596),
        "ISO_IR 126" or "ISO 2022 IR 126" => CodePage(28597),
        "ISO_IR 138" or "ISO 2022 IR 138" => CodePage(28598),
        "ISO_IR 148" or "ISO 2022 IR 148" => CodePage(28599),
        "ISO_IR 203" or "ISO 2022 IR 203" => CodePage(28605),
        "ISO_IR 166" or "ISO 2022 IR 166" => CodePage(874),
        "ISO_IR 13" or "ISO 2022 IR 13" => CodePage(932),
        "ISO 2022 IR 149" => CodePage(51949),
        "ISO 2022 IR 58" => CodePage(936),
        "ISO_IR 192" => new UTF8Encoding(false),
        "GB18030" => CodePage(54936),
        "GBK" => CodePage(936),
        _ => null,
    };

    private static Encoding CodePage(int codePage) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage)
        ?? Encoding.GetEncoding(codePage);
}
