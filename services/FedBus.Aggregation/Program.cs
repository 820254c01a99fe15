using FedBus.Aggregation;
using FedBus.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("aggregation");
builder.AddAggregation();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAggregation();
app.Run();
