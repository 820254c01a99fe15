using System.Buffers.Binary;
using System.Text;

namespace FedBus.Dicom.Network;

/// <summary>Growable big-endian byte writer with back-patched length fields, for the association PDUs.</summary>
internal sealed class PduBuilder(int capacity = 512)
{
    private byte[] _buffer = new byte[capacity];

    public int Length { get; private set; }

    public void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    public void UInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void UInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_buffer.AsSpan(Length));
        Length += value.Length;
    }

    public void Zeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(Length, count).Clear();
        Length += count;
    }

    public void Ascii(string value)
    {
        Ensure(value.Length);
        Length += Encoding.ASCII.GetBytes(value, _buffer.AsSpan(Length));
    }

    /// <summary>AE title field: 16 bytes, space padded.</summary>
    public void FixedAscii(string value, int width)
    {
        Ensure(width);
        var span = _buffer.AsSpan(Length, width);
        span.Fill((byte)' ');
        Encoding.ASCII.GetBytes(value.AsSpan(0, Math.Min(value.Length, width)), span);
        Length += width;
    }

    public int ReserveUInt16()
    {
        var at = Length;
        Zeros(2);
        return at;
    }

    public int ReserveUInt32()
    {
        var at = Length;
        Zeros(4);
        return at;
    }

    /// <summary>Writes the number of bytes that follow the reserved field into it.</summary>
    public void PatchUInt16Length(int at)
    {
        var length = Length - at - 2;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"An association item is {length} bytes long; items are limited to {ushort.MaxValue}.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(at), (ushort)length);
    }

    public void PatchUInt32Length(int at) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(at), (uint)(Length - at - 4));

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private void Ensure(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
    }
}
