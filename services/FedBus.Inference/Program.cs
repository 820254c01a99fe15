using FedBus.Inference;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Hosting;

var builder = FedBusWebApplication.CreateBuilder(args);
builder.AddServiceDefaults("inference");
builder.AddInference();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInference();
app.Run();
