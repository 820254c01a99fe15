using FedBus.Aggregation;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Hosting;

var builder = FedBusWebApplication.CreateBuilder(args);
builder.AddServiceDefaults("aggregation");
builder.AddAggregation();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAggregation();
app.Run();
