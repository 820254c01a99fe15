using FedBus.ServiceDefaults.Blobs;
using MassTransit;

namespace FedBus.Loop.Bench;

/// <summary>A running site under measurement: where studies are stored, the bus they are announced on, its HTTP API.</summary>
public abstract class LoopSite : IAsyncDisposable
{
    public const string SiteId = "site-a";
    public const string TaskName = "brain-extraction";

    public abstract string Name { get; }

    public abstract IBlobStore Blobs { get; }

    public abstract IBus Bus { get; }

    public abstract HttpClient Http { get; }

    /// <summary>CPU milliseconds the site's services have used so far (this process when they run in it).</summary>
    public virtual double ServiceCpuMilliseconds() => ProcessCpu.Milliseconds();

    /// <summary>Whether the services run in this process (so its JIT counters are theirs).</summary>
    public virtual bool InProcess => true;

    public abstract ValueTask DisposeAsync();

    /// <summary>Settings every site service gets (inference's task, triage that opens a task for every result).</summary>
    public static Dictionary<string, string> Settings(string dataDirectory, string blobRoot, int mcPasses) => new()
    {
        ["FedBus:SiteId"] = SiteId,
        ["FedBus:DataDirectory"] = dataDirectory,
        ["FedBus:Storage:Provider"] = "LiteDb",
        ["FedBus:Storage:BlobRoot"] = blobRoot,
        ["FedBus:Instances:Source"] = "BlobStore",
        ["FedBus:Inference:TorchThreads"] = "2",
        [$"FedBus:Tasks:{TaskName}:ModelId"] = TaskName,
        [$"FedBus:Tasks:{TaskName}:Kind"] = "Segmentation",
        [$"FedBus:Tasks:{TaskName}:InputSize"] = "64",
        [$"FedBus:Tasks:{TaskName}:Modalities:0"] = "MR",
        [$"FedBus:Tasks:{TaskName}:McPasses"] = mcPasses.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"FedBus:Tasks:{TaskName}:MaxBatchSize"] = "16",
        [$"FedBus:Tasks:{TaskName}:MaxBatchWait"] = "00:00:00.020",
        ["FedBus:AnnotationRequest:Triage:Threshold"] = "0",
        ["FedBus:AnnotationRequest:Triage:AuditRate"] = "0",
        ["Logging:LogLevel:Default"] = "Warning",
        [FedBus.Testing.TestTokens.SettingKey] = FedBus.Testing.TestTokens.SigningKey,
    };

    /// <summary>What the bench reads from the site's API: a token of the site with every site role.</summary>
    protected static HttpClient SignedIn(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = FedBus.Testing.TestTokens.SiteBearer(SiteId, "loop-bench");
        return http;
    }
}
