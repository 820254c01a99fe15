using FedBus.Training;
using FedBus.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("training");
builder.AddTraining();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapTraining();
app.Run();
