using FedBus.QualityControl;
using FedBus.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("quality-control");
builder.AddQualityControl();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapQualityControl();
app.Run();
public partial class Program;
