using FedBus.AnnotationRequest;
using FedBus.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("annotation-request");
builder.AddAnnotationRequest();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAnnotationRequest();
app.Run();
