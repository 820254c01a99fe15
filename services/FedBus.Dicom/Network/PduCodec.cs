using System.Buffers.Binary;
using System.Text;

namespace FedBus.Dicom.Network;

/// <summary>
/// Encodes and decodes the upper-layer PDUs except the P-DATA-TF payload, which is streamed (PS3.8 §9.3).
/// Decoders take the PDU body (everything after the 6-byte header) and throw <see cref="DicomProtocolException"/>
/// naming the field that is wrong.
/// </summary>
internal static class PduCodec
{
    public const int HeaderLength = 6;

    /// <summary>PDU header (6) + PDV item length (4) + context id (1) + message control header (1).</summary>
    public const int DataPduOverhead = 12;

    private const int FixedAssociateFieldsLength = 68;

    public static byte[] EncodeAssociateRequest(AssociateRequest request)
    {
        var b = new PduBuilder();
        var length = BeginAssociate(b, PduType.AssociateRequest, request.ProtocolVersion, request.CalledAeTitle, request.CallingAeTitle, request.ApplicationContextName);
        foreach (var pc in request.PresentationContexts)
        {
            b.Byte(0x20);
            b.Byte(0);
            var itemLength = b.ReserveUInt16();
            b.Byte(pc.Id);
            b.Zeros(3);
            SubItem(b, 0x30, pc.AbstractSyntax);
            foreach (var ts in pc.TransferSyntaxes)
            {
                SubItem(b, 0x40, ts);
            }

            b.PatchUInt16Length(itemLength);
        }

        WriteUserInformation(b, request.UserInformation);
        b.PatchUInt32Length(length);
        return b.ToArray();
    }

    public static byte[] EncodeAssociateAccept(AssociateAccept accept)
    {
        var b = new PduBuilder();
        var length = BeginAssociate(b, PduType.AssociateAccept, accept.ProtocolVersion, accept.CalledAeTitle, accept.CallingAeTitle, accept.ApplicationContextName);
        foreach (var pc in accept.PresentationContexts)
        {
            b.Byte(0x21);
            b.Byte(0);
            var itemLength = b.ReserveUInt16();
            b.Byte(pc.Id);
            b.Byte(0);
            b.Byte((byte)pc.Result);
            b.Byte(0);
            // The transfer syntax sub-item is present even for a rejected context; its value is then not significant.
            SubItem(b, 0x40, pc.TransferSyntax);
            b.PatchUInt16Length(itemLength);
        }

        WriteUserInformation(b, accept.UserInformation);
        b.PatchUInt32Length(length);
        return b.ToArray();
    }

    public static byte[] EncodeAssociateReject(AssociationRejection rejection) =>
        [(byte)PduType.AssociateReject, 0, 0, 0, 0, 4, 0, (byte)rejection.Result, (byte)rejection.Source, rejection.Reason];

    public static byte[] EncodeReleaseRequest() => [(byte)PduType.ReleaseRequest, 0, 0, 0, 0, 4, 0, 0, 0, 0];

    public static byte[] EncodeReleaseResponse() => [(byte)PduType.ReleaseResponse, 0, 0, 0, 0, 4, 0, 0, 0, 0];

    public static byte[] EncodeAbort(AbortSource source, AbortReason reason) =>
        [(byte)PduType.Abort, 0, 0, 0, 0, 4, 0, 0, (byte)source, (byte)reason];

    /// <summary>Writes the header of a P-DATA-TF PDU that carries exactly one PDV of <paramref name="payloadLength"/> bytes.</summary>
    public static void WriteDataPduHeader(Span<byte> destination, byte presentationContextId, bool command, bool last, int payloadLength)
    {
        destination[0] = (byte)PduType.DataTransfer;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)(payloadLength + 6));
        BinaryPrimitives.WriteUInt32BigEndian(destination[6..], (uint)(payloadLength + 2));
        destination[10] = presentationContextId;
        destination[11] = (byte)((command ? 1 : 0) | (last ? 2 : 0));
    }

    public static AssociateRequest DecodeAssociateRequest(ReadOnlySpan<byte> body)
    {
        var pdu = DecodeAssociate(body, "A-ASSOCIATE-RQ", 0x20, DecodeProposal, c => c.Id);
        return new AssociateRequest
        {
            ProtocolVersion = pdu.Version,
            CalledAeTitle = pdu.Called,
            CallingAeTitle = pdu.Calling,
            ApplicationContextName = pdu.ApplicationContext,
            PresentationContexts = pdu.Contexts,
            UserInformation = pdu.UserInformation,
        };
    }

    public static AssociateAccept DecodeAssociateAccept(ReadOnlySpan<byte> body)
    {
        var pdu = DecodeAssociate(body, "A-ASSOCIATE-AC", 0x21, DecodeResponse, c => c.Id);
        return new AssociateAccept
        {
            ProtocolVersion = pdu.Version,
            CalledAeTitle = pdu.Called,
            CallingAeTitle = pdu.Calling,
            ApplicationContextName = pdu.ApplicationContext,
            PresentationContexts = pdu.Contexts,
            UserInformation = pdu.UserInformation,
        };
    }

    /// <summary>The body shared by A-ASSOCIATE-RQ and -AC; they differ only in their presentation context item type.</summary>
    private static (ushort Version, string Called, string Calling, string ApplicationContext, List<T> Contexts, UserInformation UserInformation)
        DecodeAssociate<T>(ReadOnlySpan<byte> body, string pdu, byte contextItemType, ContextDecoder<T> decodeContext, Func<T, byte> contextId)
    {
        var (version, called, calling) = DecodeFixedFields(body, pdu);
        string? applicationContext = null;
        var contexts = new List<T>();
        UserInformation? userInformation = null;
        foreach (var (type, value) in Items(body[FixedAssociateFieldsLength..], pdu))
        {
            if (type == 0x10)
            {
                applicationContext = Text(value);
            }
            else if (type == contextItemType)
            {
                contexts.Add(decodeContext(value));
            }
            else if (type == 0x50)
            {
                userInformation = DecodeUserInformation(value);
            }

            // Other item types are ignored: PS3.8 asks receivers to skip items they do not know.
        }

        CheckUniqueIds(contexts.Select(contextId), pdu);
        return (version, called, calling, applicationContext ?? "", contexts, userInformation ?? new UserInformation());
    }

    private delegate T ContextDecoder<out T>(ReadOnlySpan<byte> value);

    public static AssociationRejection DecodeAssociateReject(ReadOnlySpan<byte> body)
    {
        RequireFixedLength(body, "A-ASSOCIATE-RJ");
        if (body[1] is not (1 or 2) || body[2] is < 1 or > 3)
        {
            throw new DicomProtocolException($"A-ASSOCIATE-RJ has result {body[1]} and source {body[2]}; PS3.8 allows result 1-2 and source 1-3.");
        }

        return new AssociationRejection((RejectResult)body[1], (RejectSource)body[2], body[3]);
    }

    public static (AbortSource Source, AbortReason Reason) DecodeAbort(ReadOnlySpan<byte> body)
    {
        // An A-ABORT is honoured whatever its fields say; only its length is checked.
        RequireFixedLength(body, "A-ABORT");
        return ((AbortSource)body[2], (AbortReason)body[3]);
    }

    public static void DecodeRelease(ReadOnlySpan<byte> body, PduType type) =>
        RequireFixedLength(body, type == PduType.ReleaseRequest ? "A-RELEASE-RQ" : "A-RELEASE-RP");

    private static void RequireFixedLength(ReadOnlySpan<byte> body, string pdu)
    {
        if (body.Length != 4)
        {
            throw new DicomProtocolException($"{pdu} has PDU length {body.Length}; it must be 4.");
        }
    }

    private static int BeginAssociate(PduBuilder b, PduType type, ushort version, string called, string calling, string applicationContext)
    {
        b.Byte((byte)type);
        b.Byte(0);
        var length = b.ReserveUInt32();
        b.UInt16(version);
        b.Zeros(2);
        b.FixedAscii(called, 16);
        b.FixedAscii(calling, 16);
        b.Zeros(32);
        SubItem(b, 0x10, applicationContext);
        return length;
    }

    private static void SubItem(PduBuilder b, byte type, string value)
    {
        b.Byte(type);
        b.Byte(0);
        b.UInt16((ushort)value.Length);
        b.Ascii(value);
    }

    private static void WriteUserInformation(PduBuilder b, UserInformation info)
    {
        b.Byte(0x50);
        b.Byte(0);
        var length = b.ReserveUInt16();
        b.Byte(0x51);
        b.Byte(0);
        b.UInt16(4);
        b.UInt32(info.MaxPduLength);
        if (info.ImplementationClassUid is { } classUid)
        {
            SubItem(b, 0x52, classUid);
        }

        if (info.AsyncOperations is { } window)
        {
            b.Byte(0x53);
            b.Byte(0);
            b.UInt16(4);
            b.UInt16(window.MaxOperationsInvoked);
            b.UInt16(window.MaxOperationsPerformed);
        }

        foreach (var role in info.RoleSelections)
        {
            b.Byte(0x54);
            b.Byte(0);
            b.UInt16((ushort)(role.SopClassUid.Length + 4));
            b.UInt16((ushort)role.SopClassUid.Length);
            b.Ascii(role.SopClassUid);
            b.Byte(role.ScuRole ? (byte)1 : (byte)0);
            b.Byte(role.ScpRole ? (byte)1 : (byte)0);
        }

        if (info.ImplementationVersionName is { } versionName)
        {
            SubItem(b, 0x55, versionName);
        }

        foreach (var item in info.OtherSubItems)
        {
            b.Byte(item.Type);
            b.Byte(0);
            b.UInt16((ushort)item.Value.Length);
            b.Bytes(item.Value);
        }

        b.PatchUInt16Length(length);
    }

    private static (ushort Version, string Called, string Calling) DecodeFixedFields(ReadOnlySpan<byte> body, string pdu)
    {
        if (body.Length < FixedAssociateFieldsLength)
        {
            throw new DicomProtocolException($"{pdu} has PDU length {body.Length}; the fixed fields alone take {FixedAssociateFieldsLength} bytes.");
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(body), AeTitle(body.Slice(4, 16)), AeTitle(body.Slice(20, 16)));
    }

    private static PresentationContextProposal DecodeProposal(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new DicomProtocolException($"A presentation context item of the A-ASSOCIATE-RQ is {value.Length} bytes long; at least 4 are needed.");
        }

        var id = value[0];
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        foreach (var (type, sub) in Items(value[4..], $"presentation context {id}"))
        {
            if (type == 0x30)
            {
                abstractSyntax = Text(sub);
            }
            else if (type == 0x40)
            {
                transferSyntaxes.Add(Text(sub));
            }
        }

        return new PresentationContextProposal(id, abstractSyntax ?? "", transferSyntaxes);
    }

    private static PresentationContextResponse DecodeResponse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            throw new DicomProtocolException($"A presentation context item of the A-ASSOCIATE-AC is {value.Length} bytes long; at least 4 are needed.");
        }

        var id = value[0];
        var result = value[2];
        if (result > 4)
        {
            throw new DicomProtocolException($"Presentation context {id} of the A-ASSOCIATE-AC has result {result}; PS3.8 defines 0-4.");
        }

        var transferSyntax = "";
        foreach (var (type, sub) in Items(value[4..], $"presentation context {id}"))
        {
            if (type == 0x40)
            {
                transferSyntax = Text(sub);
            }
        }

        return new PresentationContextResponse(id, (PresentationContextResult)result, transferSyntax);
    }

    private static UserInformation DecodeUserInformation(ReadOnlySpan<byte> value)
    {
        var info = new UserInformation();
        foreach (var (type, sub) in Items(value, "user information"))
        {
            switch (type)
            {
                case 0x51:
                    if (sub.Length != 4)
                    {
                        throw new DicomProtocolException($"The maximum length sub-item is {sub.Length} bytes long; it must be 4.");
                    }

                    info.MaxPduLength = BinaryPrimitives.ReadUInt32BigEndian(sub);
                    break;
                case 0x52:
                    info.ImplementationClassUid = Text(sub);
                    break;
                case 0x53:
                    if (sub.Length != 4)
                    {
                        throw new DicomProtocolException($"The asynchronous operations window sub-item is {sub.Length} bytes long; it must be 4.");
                    }

                    info.AsyncOperations = new AsyncOperationsWindow(BinaryPrimitives.ReadUInt16BigEndian(sub), BinaryPrimitives.ReadUInt16BigEndian(sub[2..]));
                    break;
                case 0x54:
                    info.RoleSelections.Add(DecodeRoleSelection(sub));
                    break;
                case 0x55:
                    info.ImplementationVersionName = Text(sub);
                    break;
                default:
                    info.OtherSubItems.Add(new UserInformationSubItem(type, sub.ToArray()));
                    break;
            }
        }

        return info;
    }

    private static RoleSelection DecodeRoleSelection(ReadOnlySpan<byte> sub)
    {
        if (sub.Length < 4)
        {
            throw new DicomProtocolException($"A role selection sub-item is {sub.Length} bytes long; at least 4 are needed.");
        }

        var uidLength = BinaryPrimitives.ReadUInt16BigEndian(sub);
        if (uidLength + 4 != sub.Length)
        {
            throw new DicomProtocolException($"A role selection sub-item is {sub.Length} bytes long but names a UID of {uidLength} bytes.");
        }

        return new RoleSelection(Text(sub.Slice(2, uidLength)), sub[2 + uidLength] != 0, sub[3 + uidLength] != 0);
    }

    private static void CheckUniqueIds(IEnumerable<byte> ids, string pdu)
    {
        var seen = new HashSet<byte>();
        foreach (var id in ids)
        {
            if (id % 2 == 0)
            {
                throw new DicomProtocolException($"{pdu} has presentation context id {id}; ids must be odd.");
            }

            if (!seen.Add(id))
            {
                throw new DicomProtocolException($"{pdu} has presentation context id {id} twice.");
            }
        }
    }

    /// <summary>Splits a variable field into (type, value) items with 1-byte type, 1 reserved byte, 2-byte length.</summary>
    private static List<(byte Type, byte[] Value)> Items(ReadOnlySpan<byte> field, string where)
    {
        var items = new List<(byte, byte[])>();
        while (!field.IsEmpty)
        {
            if (field.Length < 4)
            {
                throw new DicomProtocolException($"The {where} field ends with {field.Length} stray bytes where an item header of 4 was expected.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(field[2..]);
            if (length > field.Length - 4)
            {
                throw new DicomProtocolException($"Item 0x{field[0]:X2} in the {where} field claims {length} bytes but only {field.Length - 4} remain.");
            }

            items.Add((field[0], field.Slice(4, length).ToArray()));
            field = field[(4 + length)..];
        }

        return items;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');

    private static string AeTitle(ReadOnlySpan<byte> value) => Encoding.ASCII.GetString(value).Trim(' ', '\0');
}
