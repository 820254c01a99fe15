using System.Buffers.Binary;

namespace FedBus.Dicom.Network;

/// <summary>The 6-byte header of a PDV item in a P-DATA-TF PDU (PS3.8 §9.3.5.1), checked against the PDU's room.</summary>
internal readonly record struct PdvHeader(uint Payload, byte ContextId, bool IsCommand, bool IsLast)
{
    public const int Length = 6;

    /// <summary>Throws unless the PDU has room for another PDV header.</summary>
    public static void CheckRoom(long remainingInPdu)
    {
        if (remainingInPdu < Length)
        {
            throw new DicomProtocolException($"A P-DATA-TF PDU ends with {remainingInPdu} bytes, too few for a PDV item header.");
        }
    }

    /// <summary>Decodes the header; <paramref name="remainingAfterHeader"/> is what the PDU still holds after it.</summary>
    public static PdvHeader Decode(ReadOnlySpan<byte> header, long remainingAfterHeader)
    {
        var pdvLength = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (pdvLength < 2 || pdvLength - 2 > remainingAfterHeader)
        {
            throw new DicomProtocolException($"A PDV item claims length {pdvLength}, which does not fit the {remainingAfterHeader + 2} bytes left in its P-DATA-TF PDU.");
        }

        return new PdvHeader(pdvLength - 2, header[4], (header[5] & 1) != 0, (header[5] & 2) != 0);
    }
}
