using FedBus.Ingestion;
using FedBus.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ingestion");
builder.AddIngestion();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIngestion();
app.Run();
public partial class Program;
