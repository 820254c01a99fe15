namespace FedBus.Dicom.Network;

/// <summary>
/// A DIMSE status (0000,0900) with an optional Error Comment (0000,0902) (PS3.7 Annex C). The comment is a
/// 64-character LO on the wire; longer text is cut when encoded.
/// </summary>
public readonly record struct DicomStatus(ushort Code, string? ErrorComment = null)
{
    public static DicomStatus Success { get; } = new(0x0000);

    /// <summary>B000: Coercion of data elements (C-STORE warning).</summary>
    public static DicomStatus CoercionOfDataElements { get; } = new(0xB000);

    /// <summary>B006: Elements discarded (C-STORE warning).</summary>
    public static DicomStatus ElementsDiscarded { get; } = new(0xB006);

    /// <summary>B007: Data set does not match SOP class (C-STORE warning).</summary>
    public static DicomStatus DataSetDoesNotMatchSopClassWarning { get; } = new(0xB007);

    /// <summary>A700: Refused, out of resources (C-STORE failure).</summary>
    public static DicomStatus OutOfResources { get; } = new(0xA700);

    /// <summary>A900: Error, data set does not match SOP class (C-STORE failure).</summary>
    public static DicomStatus DataSetDoesNotMatchSopClass { get; } = new(0xA900);

    /// <summary>C000: Error, cannot understand (C-STORE failure).</summary>
    public static DicomStatus CannotUnderstand { get; } = new(0xC000);

    /// <summary>0110: Processing failure.</summary>
    public static DicomStatus ProcessingFailure { get; } = new(0x0110);

    /// <summary>0111: Duplicate SOP instance.</summary>
    public static DicomStatus DuplicateSopInstance { get; } = new(0x0111);

    /// <summary>0117: Invalid object instance.</summary>
    public static DicomStatus InvalidObjectInstance { get; } = new(0x0117);

    /// <summary>0122: Refused, SOP class not supported.</summary>
    public static DicomStatus SopClassNotSupported { get; } = new(0x0122);

    /// <summary>0124: Refused, not authorized.</summary>
    public static DicomStatus NotAuthorized { get; } = new(0x0124);

    /// <summary>0210: Duplicate invocation (message id already in use).</summary>
    public static DicomStatus DuplicateInvocation { get; } = new(0x0210);

    /// <summary>0211: Unrecognized operation.</summary>
    public static DicomStatus UnrecognizedOperation { get; } = new(0x0211);

    /// <summary>0212: Mistyped argument.</summary>
    public static DicomStatus MistypedArgument { get; } = new(0x0212);

    public bool IsSuccess => Code == 0x0000;

    public bool IsWarning => Code is 0x0001 or 0x0107 or 0x0116 || (Code & 0xF000) == 0xB000;

    public bool IsPending => Code is 0xFF00 or 0xFF01;

    public bool IsCancel => Code == 0xFE00;

    public bool IsFailure => !IsSuccess && !IsWarning && !IsPending && !IsCancel;

    public DicomStatus WithComment(string comment) => this with { ErrorComment = comment };

    public override string ToString() =>
        ErrorComment is null ? $"0x{Code:X4}" : $"0x{Code:X4} ({ErrorComment})";
}
