using System.Buffers.Binary;
using System.Text;

namespace FedBus.Dicom.Network;

/// <summary>
/// A DIMSE command set: group 0000 elements, always Implicit VR Little Endian on the wire (PS3.7 §6.3, §E.1).
/// Command Group Length is computed on encode and ignored on decode.
/// </summary>
public sealed class DicomCommand
{
    public const ushort NoDataSet = 0x0101;

    private const ushort GroupLengthElement = 0x0000;
    private readonly SortedDictionary<ushort, byte[]> _elements = [];

    public DicomCommandField CommandField
    {
        get => (DicomCommandField)(GetUInt16(0x0100) ?? throw Missing(0x0100, "Command Field"));
        set => SetUInt16(0x0100, (ushort)value);
    }

    public string? AffectedSopClassUid
    {
        get => GetString(0x0002);
        set => SetString(0x0002, value, 0);
    }

    public ushort? MessageId
    {
        get => GetUInt16(0x0110);
        set => SetUInt16(0x0110, value);
    }

    public ushort? MessageIdBeingRespondedTo
    {
        get => GetUInt16(0x0120);
        set => SetUInt16(0x0120, value);
    }

    public DicomPriority? Priority
    {
        get => (DicomPriority?)GetUInt16(0x0700);
        set => SetUInt16(0x0700, (ushort?)value);
    }

    /// <summary>Command Data Set Type (0000,0800): <see cref="NoDataSet"/> (0x0101) means no data set follows.</summary>
    public ushort? CommandDataSetType
    {
        get => GetUInt16(0x0800);
        set => SetUInt16(0x0800, value);
    }

    public bool HasDataSet => CommandDataSetType is { } type && type != NoDataSet;

    public ushort? Status
    {
        get => GetUInt16(0x0900);
        set => SetUInt16(0x0900, value);
    }

    public string? ErrorComment
    {
        get => GetString(0x0902);
        // LO is at most 64 characters.
        set => SetString(0x0902, value is { Length: > 64 } ? value[..64] : value, (byte)' ');
    }

    public string? AffectedSopInstanceUid
    {
        get => GetString(0x1000);
        set => SetString(0x1000, value, 0);
    }

    public string? MoveOriginatorAeTitle
    {
        get => GetString(0x1030);
        set => SetString(0x1030, value, (byte)' ');
    }

    public ushort? MoveOriginatorMessageId
    {
        get => GetUInt16(0x1031);
        set => SetUInt16(0x1031, value);
    }

    public DicomStatus DicomStatus => new(Status ?? throw Missing(0x0900, "Status"), ErrorComment);

    public IEnumerable<ushort> Elements => _elements.Keys;

    public bool Contains(ushort element) => _elements.ContainsKey(element);

    public ushort? GetUInt16(ushort element) =>
        _elements.TryGetValue(element, out var value)
            ? value.Length == 2
                ? BinaryPrimitives.ReadUInt16LittleEndian(value)
                : throw new DicomProtocolException($"Command element (0000,{element:X4}) has {value.Length} bytes; a US value has 2.")
            : null;

    public void SetUInt16(ushort element, ushort? value)
    {
        if (value is null)
        {
            _elements.Remove(element);
            return;
        }

        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value.Value);
        _elements[element] = bytes;
    }

    public string? GetString(ushort element) =>
        _elements.TryGetValue(element, out var value) ? Encoding.ASCII.GetString(value).Trim('\0', ' ') : null;

    /// <summary>Sets a string element, padded to even length with <paramref name="padding"/> (NUL for UI, space otherwise).</summary>
    public void SetString(ushort element, string? value, byte padding)
    {
        if (value is null)
        {
            _elements.Remove(element);
            return;
        }

        var bytes = new byte[value.Length + (value.Length & 1)];
        Encoding.ASCII.GetBytes(value, bytes);
        if ((value.Length & 1) == 1)
        {
            bytes[^1] = padding;
        }

        _elements[element] = bytes;
    }

    /// <summary>Raw value of any element, for the ones without a typed property.</summary>
    public void SetRaw(ushort element, byte[] value)
    {
        if (element == GroupLengthElement)
        {
            throw new ArgumentException("Command Group Length (0000,0000) is computed on encode and cannot be set.", nameof(element));
        }

        _elements[element] = value;
    }

    public byte[]? GetRaw(ushort element) => _elements.GetValueOrDefault(element);

    public byte[] Encode()
    {
        var groupLength = _elements.Values.Sum(v => 8 + v.Length);
        var bytes = new byte[12 + groupLength];
        var span = bytes.AsSpan();
        WriteHeader(span, GroupLengthElement, 4);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], (uint)groupLength);
        var at = 12;
        foreach (var (element, value) in _elements)
        {
            WriteHeader(span[at..], element, value.Length);
            value.CopyTo(span[(at + 8)..]);
            at += 8 + value.Length;
        }

        return bytes;
    }

    public static DicomCommand Decode(ReadOnlySpan<byte> bytes)
    {
        var command = new DicomCommand();
        while (!bytes.IsEmpty)
        {
            if (bytes.Length < 8)
            {
                throw new DicomProtocolException($"The command set ends with {bytes.Length} stray bytes where an element header of 8 was expected.");
            }

            var group = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            if (group != 0x0000)
            {
                throw new DicomProtocolException($"The command set contains element ({group:X4},{element:X4}); a command set holds group 0000 only.");
            }

            if (length > bytes.Length - 8)
            {
                throw new DicomProtocolException($"Command element (0000,{element:X4}) claims {length} bytes but only {bytes.Length - 8} remain.");
            }

            if (element != GroupLengthElement)
            {
                command._elements[element] = bytes.Slice(8, (int)length).ToArray();
            }

            bytes = bytes[(8 + (int)length)..];
        }

        return command;
    }

    public override string ToString() =>
        $"{(GetUInt16(0x0100) is { } field ? ((DicomCommandField)field).ToString() : "command without field")} id={MessageId?.ToString() ?? MessageIdBeingRespondedTo?.ToString() ?? "-"}";

    private static void WriteHeader(Span<byte> span, ushort element, int length)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0x0000);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)length);
    }

    private static DicomProtocolException Missing(ushort element, string name) =>
        new($"The command set has no {name} (0000,{element:X4}).");
}
