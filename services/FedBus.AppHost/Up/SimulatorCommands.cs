using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Demo;
using FedBus.AppHost.Experiments;

namespace FedBus.AppHost.Up;

/// <summary>
/// The hidden verbs `up` starts as processes of their own: a site's PACS sending one wave (`simulate-pacs`) and a
/// site's two radiologists working its worklist until stopped (`simulate-radiologist`). Both rebuild the run's data from
/// its settings file (same seed, same studies and truth) and print one line per event `up` reports on
/// (<c>stored</c>, <c>seen</c>), tab-separated.
/// </summary>
internal static class SimulatorCommands
{
    public const string SettingsFile = "up-settings.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Pacs()
    {
        var (settings, site) = (Settings(), Site());
        var wave = new Option<int>("--wave") { Description = "The wave to send (0-based).", Required = true };
        var port = new Option<int>("--port") { Description = "The site's DICOM SCP port on 127.0.0.1.", Required = true };
        var command = new Command("simulate-pacs", "A site's PACS sends one wave of studies by C-STORE (started by 'up').") { Hidden = true };
        command.Options.Add(settings);
        command.Options.Add(site);
        command.Options.Add(wave);
        command.Options.Add(port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (demo, data, s) = Load(parse.GetValue(settings)!, parse.GetValue(site));
            var w = parse.GetValue(wave);
            if (w < 0 || w >= demo.Waves) throw new UsageException($"--wave must be 0..{demo.Waves - 1}, got {w}.");
            var output = parse.InvocationConfiguration.Output;
            var activity = new SiteActivity(s.SiteId, data.Truth, data.Spec.Classes)
            {
                OnStudyStored = (uid, at) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stored\t{uid}\t{at:O}")),
            };
            var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(parse.GetValue(settings)!))!, "pacs", s.SiteId);
            var pacs = new PacsSimulator(s, activity, () => parse.GetValue(port), folder);
            await pacs.SendWaveAsync(w, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sent\t{pacs.StudiesSent}\t{pacs.InstancesSent}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Radiologist()
    {
        var (settings, site) = (Settings(), Site());
        var url = new Option<string>("--url") { Description = "The site's annotation-request service (or its gateway).", Required = true };
        var command = new Command("simulate-radiologist", "A site's radiologists dr-1 and dr-2 work its worklist until stopped (started by 'up').") { Hidden = true };
        command.Options.Add(settings);
        command.Options.Add(site);
        command.Options.Add(url);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (demo, data, s) = Load(parse.GetValue(settings)!, parse.GetValue(site));
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var address)) throw new UsageException($"--url must be an absolute URL, got '{parse.GetValue(url)}'.");
            var output = parse.InvocationConfiguration.Output;
            var gate = new Lock();
            var activity = new SiteActivity(s.SiteId, data.Truth, data.Spec.Classes)
            {
                OnTaskSeen = (task, study, at) =>
                {
                    lock (gate) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seen\t{task}\t{study}\t{at:O}"));
                },
            };
            using var http = new HttpClient { BaseAddress = new Uri(address.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
            var readers = new[]
            {
                new RadiologistSimulator($"{s.SiteId}-dr-1", http, activity, new ReaderHabits(s.SystematicErrors, data.Spec.Classes, (int)Seeds.Derive(demo.Seed, s.SiteId + "/dr-1"))),
                new RadiologistSimulator($"{s.SiteId}-dr-2", http, activity, new ReaderHabits(false, data.Spec.Classes, (int)Seeds.Derive(demo.Seed, s.SiteId + "/dr-2"))),
            };
            await output.WriteLineAsync($"reading\t{s.SiteId}\t{address}");
            // Until SIGTERM (`down`, or `up` at its end); a reader that fails ends the process with its reason.
            await Task.WhenAll(readers.Select(r => ReadAsync(r, cancellationToken)));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A broker restart can make a service answer 5xx or drop a connection for a moment: the reader tries again.</summary>
    private static async Task ReadAsync(RadiologistSimulator reader, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await reader.RunAsync(DemoRun.ReaderPoll, cancellationToken);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException && ++failures <= 60 && !cancellationToken.IsCancellationRequested)
            {
                Console.Error.WriteLine($"{reader.ReaderId}: {e.Message} (retrying, {failures})");
                try { await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private static Option<string> Settings() => new("--settings") { Description = $"The run's {SettingsFile}.", Required = true };

    private static Option<int> Site() => new("--site") { Description = "The site's index (0-based).", Required = true };

    private static (DemoSettings Settings, DemoData Data, DemoSite Site) Load(string file, int index)
    {
        if (!File.Exists(file)) throw new UsageException($"--settings: no such file '{file}'.");
        var settings = JsonSerializer.Deserialize<DemoSettings>(File.ReadAllText(file), Json) ?? throw new UsageException($"{file} is empty.");
        settings.Validate();
        if (index < 0 || index >= settings.Sites) throw new UsageException($"--site must be 0..{settings.Sites - 1}, got {index}.");
        var data = DemoData.Prepare(settings);
        return (settings, data, data.Sites[index]);
    }

    public static async Task WriteSettingsAsync(DemoSettings settings, string folder) =>
        await File.WriteAllTextAsync(Path.Combine(folder, SettingsFile), JsonSerializer.Serialize(settings, Json));
}
