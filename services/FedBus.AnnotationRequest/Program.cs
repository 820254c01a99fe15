using FedBus.AnnotationRequest;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Hosting;

var builder = FedBusWebApplication.CreateBuilder(args);
builder.AddServiceDefaults("annotation-request");
builder.AddAnnotationRequest();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAnnotationRequest();
app.Run();
