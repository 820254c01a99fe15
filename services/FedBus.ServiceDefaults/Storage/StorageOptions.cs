namespace FedBus.ServiceDefaults.Storage;

/// <summary>Configuration section "FedBus:Storage".</summary>
public sealed class StorageOptions
{
    public const string Section = "FedBus:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.LiteDb;

    /// <summary>LiteDB connection string; default: a file under FedBus:DataDirectory named after the service.</summary>
    public string? LiteDb { get; set; }

    /// <summary>
    /// LiteDB: log pages (8 KB) past which a commit copies the log into the data file. LiteDB's default is 1000; every
    /// ~1,000 indexed instances a commit then spent ~45 ms on it, sometimes the one an association's release waited for.
    /// </summary>
    public int LiteDbCheckpointPages { get; set; } = 8000;

    /// <summary>LiteDB: after this long without a write, the log is copied into the data file in the background.</summary>
    public TimeSpan LiteDbIdleCheckpoint { get; set; } = TimeSpan.FromMilliseconds(250);

    public string MongoConnectionString { get; set; } = "mongodb://localhost:27017";

    /// <summary>Default: "fedbus-{site or hub}-{service}".</summary>
    public string? MongoDatabase { get; set; }

    /// <summary>Blob store root; default: FedBus:DataDirectory/blobs.</summary>
    public string? BlobRoot { get; set; }

    /// <summary>
    /// fsync every blob on its own before the write returns. Off (default), services make blobs durable in groups
    /// through IBlobStore.FlushToDisk (ingestion: before answering an association's release or a STOW-RS request).
    /// </summary>
    public bool BlobFlushEachWrite { get; set; }
}
