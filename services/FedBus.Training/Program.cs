using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Hosting;
using FedBus.Training;

var builder = FedBusWebApplication.CreateBuilder(args);
builder.AddServiceDefaults("training");
builder.AddTraining();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTraining();
app.Run();

public partial class Program;
