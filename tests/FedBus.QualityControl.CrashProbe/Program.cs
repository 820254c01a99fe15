using FedBus.QualityControl;
using FedBus.QualityControl.CrashProbe;
using FedBus.ServiceDefaults;
using MassTransit;

// The quality-control service exactly as Program.cs composes it, plus a switch to die at one point:
//   --crash-before-accepted   dies when AnnotationAccepted is about to be published;
//   --crash-after-review      dies once a submission's review is committed, before the broker has the ack.
// It prints READY when started and CONSUMED for each submission it finished with.
// Configuration comes from the environment (FedBus__...).
var builder = WebApplication.CreateBuilder(args.Where(a => !a.StartsWith("--crash", StringComparison.Ordinal)).ToArray());
builder.AddServiceDefaults("quality-control");
builder.AddQualityControl();
builder.Services.AddSingleton(new CrashOptions(args.Contains("--crash-before-accepted"), args.Contains("--crash-after-review")));
builder.Services.AddPublishObserver<CrashBeforeAcceptedObserver>();
builder.Services.AddConsumeObserver<ConsumeReporter>();
builder.Services.AddHostedService<ReadyReporter>();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapQualityControl();
app.Run();
