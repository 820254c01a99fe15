using FedBus.QualityControl;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Hosting;

var builder = FedBusWebApplication.CreateBuilder(args);
builder.AddServiceDefaults("quality-control");
builder.AddQualityControl();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapQualityControl();
app.Run();
public partial class Program;
