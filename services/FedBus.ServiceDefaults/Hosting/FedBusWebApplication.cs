using Microsoft.AspNetCore.Builder;

namespace FedBus.ServiceDefaults.Hosting;

/// <summary>
/// How every FedBus service process starts its host. appsettings are not reloaded on change: the watcher behind that
/// covers the content root recursively, and the default data folder (blobs, documents, incoming instances) lies below
/// it, so every stored file woke it — 8% of ingestion's CPU and 3–4% of the loop's in a burst, measured with perf.
/// Settings change with a restart, as a service that holds models and open associations expects anyway.
/// </summary>
public static class FedBusWebApplication
{
    /// <summary>The host argument that turns reload-on-change off, for hosts built from <see cref="WebApplicationOptions"/>.</summary>
    public const string NoConfigReload = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder([.. args, NoConfigReload]);
}
