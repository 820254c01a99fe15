using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace FedBus.Dicom;

/// <summary>Converts value bytes (little endian, as stored in <see cref="DicomBuffer"/>) to and from .NET values.</summary>
internal static class DicomValueCodec
{
    public static string DecodeText(ReadOnlySpan<byte> bytes, DicomVR vr, DicomCharacterSet charset)
    {
        // Trailing padding: spaces for text, NUL for UI (and NUL from sloppy writers anywhere).
        var end = bytes.Length;
        while (end > 0 && (bytes[end - 1] == 0 || (bytes[end - 1] == (byte)' ' && vr != DicomVR.UN)))
        {
            end--;
        }

        bytes = bytes[..end];
        if (vr.IsCharacterSetSensitive)
        {
            return charset.Decode(bytes);
        }

        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>Splits a decoded value into its values and trims the insignificant spaces of each (PS3.5 6.2).</summary>
    public static string[] SplitValues(string text, DicomVR vr)
    {
        if (text.Length == 0)
        {
            return [];
        }

        if (!vr.IsBackslashMultiValued)
        {
            return [TrimValue(text, vr)];
        }

        var parts = text.Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = TrimValue(parts[i], vr);
        }

        return parts;
    }

    public static string TrimValue(string value, DicomVR vr)
    {
        // Leading spaces are significant only in ST, LT, UT, UR, UC and PN.
        if (vr == DicomVR.ST || vr == DicomVR.LT || vr == DicomVR.UT || vr == DicomVR.UR || vr == DicomVR.UC || vr == DicomVR.PN)
        {
            return value.TrimEnd(' ', '\0');
        }

        return value.Trim(' ', '\0');
    }

    public static int BinaryCount(long length, DicomVR vr) => (int)Math.Min(int.MaxValue, length / Math.Max(1, BinaryUnit(vr)));

    /// <summary>Size of one value of a binary VR (AT is one 4-byte tag).</summary>
    public static int BinaryUnit(DicomVR vr) => vr == DicomVR.AT ? 4 : vr.UnitSize;

    public static T ReadBinary<T>(ReadOnlySpan<byte> bytes, DicomVR vr, int index)
        where T : INumberBase<T>
    {
        var unit = BinaryUnit(vr);
        var s = bytes.Slice(index * unit, unit);
        return vr.Code switch
        {
            "US" or "OW" => T.CreateChecked(BinaryPrimitives.ReadUInt16LittleEndian(s)),
            "SS" => T.CreateChecked(BinaryPrimitives.ReadInt16LittleEndian(s)),
            "UL" or "OL" => T.CreateChecked(BinaryPrimitives.ReadUInt32LittleEndian(s)),
            "SL" => T.CreateChecked(BinaryPrimitives.ReadInt32LittleEndian(s)),
            "FL" or "OF" => T.CreateChecked(BinaryPrimitives.ReadSingleLittleEndian(s)),
            "FD" or "OD" => T.CreateChecked(BinaryPrimitives.ReadDoubleLittleEndian(s)),
            "SV" => T.CreateChecked(BinaryPrimitives.ReadInt64LittleEndian(s)),
            "UV" or "OV" => T.CreateChecked(BinaryPrimitives.ReadUInt64LittleEndian(s)),
            "AT" => T.CreateChecked((uint)BinaryPrimitives.ReadUInt16LittleEndian(s) << 16 | BinaryPrimitives.ReadUInt16LittleEndian(s[2..])),
            // OB, UN and VRs this library does not know: plain bytes.
            _ when vr.Kind == DicomVRKind.Binary && unit == 1 => T.CreateChecked(s[0]),
            _ => throw new InvalidOperationException($"VR {vr} is not numeric"),
        };
    }

    public static T ParseNumber<T>(string text, DicomVR vr)
        where T : INumberBase<T>
    {
        if (vr == DicomVR.IS && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return T.CreateChecked(l);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return T.CreateChecked(d);
        }

        throw new FormatException($"'{text}' is not a number");
    }

    public static byte[] EncodeText(string text, DicomVR vr, DicomCharacterSet charset)
    {
        var bytes = vr.IsCharacterSetSensitive ? charset.Encode(text) : Encoding.Latin1.GetBytes(text);
        return Pad(bytes, vr.PaddingByte);
    }

    public static byte[] Pad(byte[] bytes, byte padding)
    {
        if ((bytes.Length & 1) == 0)
        {
            return bytes;
        }

        var padded = new byte[bytes.Length + 1];
        bytes.CopyTo(padded, 0);
        padded[^1] = padding;
        return padded;
    }

    public static byte[] EncodeBinary<T>(ReadOnlySpan<T> values, DicomVR vr)
        where T : INumberBase<T>
    {
        var unit = BinaryUnit(vr);
        var bytes = new byte[values.Length * unit];
        for (var i = 0; i < values.Length; i++)
        {
            var s = bytes.AsSpan(i * unit, unit);
            var v = values[i];
            switch (vr.Code)
            {
                case "US" or "OW": BinaryPrimitives.WriteUInt16LittleEndian(s, ushort.CreateChecked(v)); break;
                case "SS": BinaryPrimitives.WriteInt16LittleEndian(s, short.CreateChecked(v)); break;
                case "UL" or "OL": BinaryPrimitives.WriteUInt32LittleEndian(s, uint.CreateChecked(v)); break;
                case "SL": BinaryPrimitives.WriteInt32LittleEndian(s, int.CreateChecked(v)); break;
                case "FL" or "OF": BinaryPrimitives.WriteSingleLittleEndian(s, float.CreateChecked(v)); break;
                case "FD" or "OD": BinaryPrimitives.WriteDoubleLittleEndian(s, double.CreateChecked(v)); break;
                case "SV": BinaryPrimitives.WriteInt64LittleEndian(s, long.CreateChecked(v)); break;
                case "UV" or "OV": BinaryPrimitives.WriteUInt64LittleEndian(s, ulong.CreateChecked(v)); break;
                case "OB" or "UN": s[0] = byte.CreateChecked(v); break;
                case "AT":
                    var t = uint.CreateChecked(v);
                    BinaryPrimitives.WriteUInt16LittleEndian(s, (ushort)(t >> 16));
                    BinaryPrimitives.WriteUInt16LittleEndian(s[2..], (ushort)t);
                    break;
                default: throw new InvalidOperationException($"VR {vr} is not numeric");
            }
        }

        return Pad(bytes, 0);
    }

    /// <summary>Formats a number for IS or DS (DS at most 16 characters, PS3.5 Table 6.2-1).</summary>
    public static string FormatNumber<T>(T value, DicomVR vr)
        where T : INumberBase<T>
    {
        if (vr == DicomVR.IS)
        {
            return long.CreateChecked(value).ToString(CultureInfo.InvariantCulture);
        }

        var d = double.CreateChecked(value);
        if (!double.IsFinite(d))
        {
            throw new ArgumentException($"DS cannot hold {d}");
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        for (var precision = 15; text.Length > 16 && precision > 0; precision--)
        {
            text = d.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    public static string FormatBinary(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var count = BinaryCount(bytes.Length, vr);
        var parts = new string[count];
        for (var i = 0; i < count; i++)
        {
            parts[i] = vr.Code switch
            {
                "FL" or "OF" => ReadBinary<float>(bytes, vr, i).ToString("R", CultureInfo.InvariantCulture),
                "FD" or "OD" => ReadBinary<double>(bytes, vr, i).ToString("R", CultureInfo.InvariantCulture),
                "SS" or "SL" or "SV" => ReadBinary<long>(bytes, vr, i).ToString(CultureInfo.InvariantCulture),
                "AT" => new DicomTag(ReadBinary<uint>(bytes, vr, i)).ToString(),
                _ => ReadBinary<ulong>(bytes, vr, i).ToString(CultureInfo.InvariantCulture),
            };
        }

        return string.Join('\\', parts);
    }
}
