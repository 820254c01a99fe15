namespace FedBus.ServiceDefaults.Storage;

public enum StorageProvider
{
    LiteDb,
    Mongo,
}
