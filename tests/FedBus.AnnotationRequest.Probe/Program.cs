using FedBus.AnnotationRequest;
using FedBus.AnnotationRequest.Probe;
using FedBus.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The service exactly as its Program composes it, configured through the environment (FedBus__...), on a free port.
// --crash-before-publish: the process dies (FailFast, like a power cut) when the outbox is about to publish
// AnnotationTaskCreated — after the task and its event were committed, before the broker saw the event.
var builder = WebApplication.CreateBuilder();
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.AddServiceDefaults("annotation-request");
builder.AddAnnotationRequest();
builder.Services.AddSingleton(new CrashBeforePublish(args.Contains("--crash-before-publish")));
builder.Services.AddPublishObserver<CrashBeforePublishObserver>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAnnotationRequest();
app.Lifetime.ApplicationStarted.Register(() =>
{
    var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    Console.WriteLine($"READY pid={Environment.ProcessId} url={url}");
});
app.Run();
