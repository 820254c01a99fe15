namespace FedBus.Tools.DicomDictGen;

internal sealed record UidEntry(string Uid, string Name, string Identifier, bool Retired, bool IsStorage);
