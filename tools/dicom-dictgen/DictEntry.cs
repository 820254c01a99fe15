namespace FedBus.Tools.DicomDictGen;

internal sealed record DictEntry(
    ushort Group, ushort GroupMask, ushort Element, ushort ElementMask,
    string Vr, string Vm, string Keyword, bool Retired);
