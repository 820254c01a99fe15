using FedBus.Ingestion;
using FedBus.ServiceDefaults;

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
