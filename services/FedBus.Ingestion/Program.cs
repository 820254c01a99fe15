using FedBus.Ingestion;
using FedBus.ServiceDefaults;

// Socket completions run on the socket engine's own threads instead of hopping to the thread pool. A C-STORE's data
// arrives in several reads, and each hop was a thread wake-up on the path a PACS waits on (24 context switches per
// 525 KB instance, half the CPU idle; measured with perf sched). The C-STORE handler does not block beyond a page-cache
// write; HTTP work is still dispatched to the thread pool by Kestrel. Read once, before the first socket: set it here.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

// No reload-on-change for appsettings: its watcher covers the content root recursively, and the default data folder
// (blobs, incoming instances) lies below it, so every stored instance woke it (8% of the service's CPU, measured).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddServiceDefaults("ingestion");
builder.AddIngestion();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngestion();
app.Run();
public partial class Program;
