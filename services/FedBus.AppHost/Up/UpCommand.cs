using System.CommandLine;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Demo;
using Spectre.Console;

namespace FedBus.AppHost.Up;

/// <summary>The `up` and `down` verbs: their options, mapped onto <see cref="DemoSettings"/> and <see cref="BrokerSettings"/>.</summary>
internal static class UpCommand
{
    public const string DefaultOutput = "artifacts/up";

    public static Command Create(IAnsiConsole console)
    {
        var broker = BrokerOptions();
        var sites = new Option<int?>("--sites") { Description = "Hospitals (default 3, 2..8)." };
        var rounds = new Option<int?>("--rounds") { Description = "Federated rounds (default 5; --quick 2)." };
        var seed = new Option<int?>("--seed") { Description = "Seed of the data split, the scanners, version 1 and the radiologists (default 1)." };
        var studies = new Option<int?>("--studies") { Description = "Studies each PACS sends per wave (default 3; --quick 2)." };
        var threads = new Option<int?>("--threads") { Description = "libtorch threads of each process that runs a model (default 1: many processes share the cores)." };
        var output = new Option<string?>("--out") { Description = $"Folder for report.json, report.html, every process's log, their stores and up-state.json (default {DefaultOutput})." };
        var quick = new Option<bool>("--quick") { Description = "A short run (2 rounds, 2 studies of 4 slices per wave): for tests and a first look." };
        var detach = new Option<bool>("--detach") { Description = "Leave every process running after the last round ('down --out DIR' stops them)." };
        var plain = new Option<bool>("--plain") { Description = "Progress as plain log lines instead of the live display." };
        var command = new Command("up",
            "Run the demo's federation with every service its own process on RabbitMQ: per site ingestion, inference, annotation-request, " +
            "quality-control and training on the site's virtual host, aggregation on the hub's, shovels between them (set up by the hub); " +
            "the PACS and the radiologists as processes too. Writes report.json/html like 'demo', plus what was checked for lost or doubled work.")
        {
            sites, rounds, seed, studies, threads, output, quick, detach, plain,
        };
        foreach (var o in broker.All) command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var start = parse.GetValue(quick) ? DemoSettings.QuickRun : DemoSettings.FullRun;
            var settings = start with
            {
                Sites = parse.GetValue(sites) ?? start.Sites,
                Rounds = parse.GetValue(rounds) ?? start.Rounds,
                Seed = parse.GetValue(seed) ?? start.Seed,
                StudiesPerWave = parse.GetValue(studies) ?? start.StudiesPerWave,
                Threads = parse.GetValue(threads) ?? 1,
                OutputDirectory = parse.GetValue(output) ?? DefaultOutput,
            };
            settings.Validate();
            var brokerSettings = broker.Read(parse);
            brokerSettings.Validate();
            var commandLine = "up " + string.Join(' ', parse.Tokens.Select(x => x.Value == brokerSettings.Password && brokerSettings.Password != "guest" ? "***" : x.Value));
            await new UpRun(settings, brokerSettings, parse.GetValue(detach), commandLine, console, parse.GetValue(plain)).ExecuteAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateDown()
    {
        var broker = BrokerOptions();
        var output = new Option<string?>("--out") { Description = $"The folder 'up' ran in (default {DefaultOutput})." };
        var command = new Command("down", "Stop every process 'up' started (SIGTERM, then SIGKILL) and delete the virtual hosts, shovels and link users it created.")
        {
            output,
        };
        foreach (var o in broker.All) command.Options.Add(o);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var brokerSettings = broker.Read(parse);
            brokerSettings.Validate();
            var folder = Path.GetFullPath(parse.GetValue(output) ?? DefaultOutput);
            var lines = await DownRun.ExecuteAsync(folder, brokerSettings, cancellationToken);
            foreach (var line in lines) await parse.InvocationConfiguration.Output.WriteLineAsync(line);
            await parse.InvocationConfiguration.Output.WriteLineAsync(lines.Count == 0 ? $"Nothing left to stop in {folder}." : $"Down: {folder}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static BrokerOptionSet BrokerOptions() => new(
        new Option<string?>("--rabbitmq-host") { Description = "RabbitMQ host for AMQP (default 127.0.0.1)." },
        new Option<int?>("--rabbitmq-port") { Description = "RabbitMQ AMQP port (default 5672)." },
        new Option<string?>("--rabbitmq-user") { Description = "RabbitMQ user, an administrator: up creates virtual hosts, users and shovels (default guest)." },
        new Option<string?>("--rabbitmq-password") { Description = "Its password (default guest)." },
        new Option<string?>("--rabbitmq-management") { Description = "RabbitMQ management API URL (default http://127.0.0.1:15672)." });

    private sealed record BrokerOptionSet(Option<string?> Host, Option<int?> Port, Option<string?> User, Option<string?> Password, Option<string?> Management)
    {
        public IEnumerable<Option> All => [Host, Port, User, Password, Management];

        public BrokerSettings Read(ParseResult parse)
        {
            var d = new BrokerSettings();
            return new BrokerSettings
            {
                Host = parse.GetValue(Host) ?? d.Host,
                Port = parse.GetValue(Port) ?? d.Port,
                Username = parse.GetValue(User) ?? d.Username,
                Password = parse.GetValue(Password) ?? d.Password,
                ManagementUrl = parse.GetValue(Management) ?? d.ManagementUrl,
            };
        }
    }
}
