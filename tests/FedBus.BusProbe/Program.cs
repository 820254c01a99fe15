using FedBus.BusProbe;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A minimal service process for tests of several real processes on one bus and one store. Roles:
//   consume [--crash-after-apply] [--hang-in-effect]   applies StudyReceived once per id and reports each step
//   publish <count> <first-id>                          publishes straight on the bus and exits
//   commit <id> [--crash-before-publish|--crash-after-publish]   commits a state change + its event through the outbox
//   dispatch                                            just runs (its outbox dispatcher sweeps what others left)
//   latency <count>                                     measures commit-to-applied through outbox and inbox against plain publish
// Configuration comes from the environment (FedBus__...) or --FedBus:... arguments.
var role = args.FirstOrDefault() ?? throw new ArgumentException("usage: consume | publish <count> <first-guid> | commit <guid> | dispatch | latency <count>");
var options = ProbeOptions.From(args);
var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith("--FedBus", StringComparison.Ordinal)).ToArray());
builder.AddServiceDefaults("bus-probe");
builder.Services.AddSingleton(options);
builder.Services.AddSingleton<LatencyLog>();
builder.Services.AddHostedService<ReadyReporter>();
builder.Services.AddPublishObserver<CrashAroundPublishObserver>();

if (role is "consume" or "latency")
{
    builder.Services.AddFedBusConsumer<ProbeStudyConsumer>();
    builder.Services.AddConsumeObserver<CrashAfterApplyObserver>();
}
if (role == "latency") builder.Services.AddFedBusConsumer<PlainPingConsumer>();

using var host = builder.Build();
switch (role)
{
    case "consume" or "dispatch":
        await host.RunAsync();
        return 0;
    case "publish":
        await host.StartAsync();
        await ProbePublisher.PublishAsync(host.Services, int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), Guid.Parse(args[2]));
        await host.StopAsync();
        return 0;
    case "commit":
        await host.StartAsync();
        await ProbeCommitter.CommitAsync(host.Services, Guid.Parse(args[1]), CancellationToken.None);
        await host.StopAsync();
        return 0;
    case "latency":
        await host.StartAsync();
        await ProbeLatency.RunAsync(host.Services, int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        await host.StopAsync();
        return 0;
    default:
        throw new ArgumentException($"Unknown role '{role}'.");
}
