using FedBus.Inference;
using FedBus.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("inference");
builder.AddInference();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInference();
app.Run();
