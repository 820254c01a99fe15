namespace FedBus.ServiceDefaults.Storage;

internal enum DocumentOperationKind
{
    Insert,
    Replace,
    Delete,
}
