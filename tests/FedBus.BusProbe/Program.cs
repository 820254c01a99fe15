using FedBus.BusProbe;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MassTransit;

// Roles: "consume" applies StudyReceived once per id and reports it; "publish <count> <first-id>" publishes and exits.
// --crash-after-apply kills the process after the effect is recorded but before the broker gets the ack.
var role = args.FirstOrDefault() ?? throw new ArgumentException("usage: consume [--crash-after-apply] | publish <count> <first-guid>");
var builder = Host.CreateApplicationBuilder(args.Skip(1).Where(a => a.StartsWith("--FedBus", StringComparison.Ordinal)).ToArray());
builder.AddServiceDefaults("bus-probe");
builder.Services.AddSingleton(new ProbeOptions(CrashAfterApply: args.Contains("--crash-after-apply")));

if (role == "consume")
{
    builder.Services.AddFedBusConsumer<ProbeStudyConsumer>();
    builder.Services.AddHostedService<ReadyReporter>();
    builder.Services.AddConsumeObserver<CrashAfterApplyObserver>();
}

using var host = builder.Build();
if (role == "consume")
{
    await host.RunAsync();
    return 0;
}

await host.StartAsync();
var count = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var first = Guid.Parse(args[2]);
await ProbePublisher.PublishAsync(host.Services, count, first);
await host.StopAsync();
return 0;
