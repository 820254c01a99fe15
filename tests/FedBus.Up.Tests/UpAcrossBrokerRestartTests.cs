using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.AppHost.Demo.Reporting;
using FedBus.AppHost.Experiments.Reporting;
using FedBus.AppHost.Up;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.Up.Tests;

/// <summary>
/// `up --quick` with 2 sites and 1 round over a RabbitMQ node of this test's own (the shared one must never restart),
/// every service its own process; the broker is restarted while the first wave is in flight. Then: nothing lost or
/// applied twice — from report.json (the observer's counts and the run's audit of the services' records) and, on its
/// own, from ingestion's QIDO-RS of every site; `down` stops every process and deletes the virtual hosts and link users.
/// </summary>
public sealed class UpAcrossBrokerRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fedbus-up-").FullName;
    private PrivateRabbitMqNode? _broker;

    public async Task InitializeAsync() => _broker = await PrivateRabbitMqNode.StartAsync();

    [Fact]
    public async Task A_broker_restart_mid_wave_loses_and_doubles_no_study_prediction_verdict_or_update_and_down_leaves_nothing()
    {
        var broker = _broker!;
        var appHost = RepositoryPaths.BuiltAssembly("services/FedBus.AppHost", "FedBus.AppHost");
        string[] brokerOptions = ["--rabbitmq-port", broker.AmqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rabbitmq-management", broker.ManagementUrl];
        UpState? state = null;
        var restart = TimeSpan.Zero;
        try
        {
            await using (var up = ExternalProcess.StartDotnet(appHost, ["up", "--quick", "--sites", "2", "--rounds", "1", "--plain", "--detach", "--out", _folder, .. brokerOptions]))
            {
                // The first wave is sent: ingestion, inference, triage and the readers are at work when the broker goes.
                await up.WaitForLineAsync(l => l.Contains("wave 1/2: ingestion, triage", StringComparison.Ordinal), TimeSpan.FromMinutes(4), "the first wave to be sent");
                Assert.DoesNotContain("wave 1: ", up.Transcript, StringComparison.Ordinal);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await broker.RestartAsync(TimeSpan.FromSeconds(3));
                restart = clock.Elapsed;
                var exit = await up.WaitForExitAsync(TimeSpan.FromMinutes(8));
                state = UpState.Load(_folder);
                Assert.True(exit == 0, $"up exited {exit}:\n{up.Transcript}");
            }
            Assert.NotNull(state);
            var report = JsonSerializer.Deserialize<DemoReport>(await File.ReadAllTextAsync(Path.Combine(_folder, "report.json")), ReportWriter.Json)!;
            Assert.Equal("up", report.Mode);
            output.WriteLine($"up: {report.WallSeconds:0} s; restart {restart.TotalSeconds:0.0} s; duplicate deliveries the observer dropped: {report.DuplicateDeliveries}");
            foreach (var s in report.Stages) output.WriteLine($"{s.Name}: {s.Note}");

            // The run's audit of the services' own records: every study indexed once, every instance predicted once,
            // every submission with one verdict, every round update recorded once.
            Assert.NotNull(report.Delivery);
            Assert.True(report.Delivery!.ExactlyOnce, "lost or doubled: " + string.Join("; ", report.Delivery.Problems));
            Assert.Equal(2 * 2 * 2, report.Delivery.StudiesSent);
            Assert.Equal(report.Delivery.InstancesSent, report.Delivery.InstancesPredictedOnce);
            Assert.True(report.Delivery.SubmissionsChecked > 0, "no submission was QC'd");
            Assert.True(report.Delivery.UpdatesChecked > 0, "no update reached the hub: " + string.Join("; ", report.Rounds.Select(r => $"round {r.Round}: {r.Gate} {r.Reason}")));

            // The observer's counts, one per event id: what the buses carried adds up across the restart.
            Assert.All(report.Waves, w =>
            {
                Assert.True(w.Settled, $"wave {w.Wave} did not settle");
                Assert.Equal(w.StudiesSent, w.StudiesIngested);
                Assert.Equal(w.InstancesIngested, w.Predictions + w.Skipped);
                Assert.Equal(w.TasksAnswered, w.TasksOpened);
                // One verdict event per submission, except an audit task's two agreeing reads, which QC accepts once.
                if (w.AuditTasksOpened == 0) Assert.Equal(w.Submissions, w.QcAccepted + w.QcRejectedSubmissions);
                else Assert.InRange(w.QcAccepted + w.QcRejectedSubmissions, w.Submissions - w.AuditTasksOpened, w.Submissions);
            });
            var round = Assert.Single(report.Rounds);
            Assert.True(round.UpdatesAggregated >= 1, $"round 1: {round.Gate} {round.Reason}");
            Assert.Equal(round.UpdatesAggregated, round.AggregatedSites.Distinct().Count());
            // Whether the gate publishes is the model's business, not delivery's: over 3-4 validation cases of one quick round,
            // a candidate that ties the current model (dice 0.4056 → 0.4041) is rightly held back. Every stage else must have run,
            // and a published version must have reached inference in the next wave (the rounds stage says so).
            Assert.All(report.Stages.Where(s => s.Name != "rounds" || round.Gate != "rejected"), s => Assert.True(s.Ran, $"stage {s.Name} did not run: {s.Note}"));
            if (round.Gate == "rejected") output.WriteLine($"the gate held round 1's candidate back: {round.Reason}");

            // On its own: each site's ingestion lists exactly the studies its PACS sent, once each.
            foreach (var ingestion in state!.Processes.Where(p => p.Role == "ingestion"))
            {
                using var http = new HttpClient { BaseAddress = new Uri(ingestion.Url!) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                    DevelopmentTokens.Issue(Convert.FromBase64String(state.SigningKey), new AuthOptions(), "test", [FedBusRoles.SiteAdmin], ingestion.SiteId, TimeSpan.FromMinutes(10)));
                var studies = await http.GetFromJsonAsync<JsonElement>("dicomweb/studies?limit=1000");
                var uids = studies.EnumerateArray().Select(s => s.GetProperty("0020000D").GetProperty("Value")[0].GetString()).ToList();
                Assert.Equal(2 * 2, uids.Count);
                Assert.Equal(uids.Count, uids.Distinct().Count());
            }

            var down = await RunAsync(appHost, ["down", "--out", _folder, .. brokerOptions]);
            Assert.True(down.Exit == 0, $"down exited {down.Exit}: {down.Output}");
            Assert.All(state.Processes, p => Assert.False(Alive(p), $"{p.Name} (pid {p.Pid}) still runs after down"));
            Assert.Contains("stopped", down.Output, StringComparison.Ordinal);
            using var management = broker.CreateManagementClient();
            var vhosts = (await management.GetFromJsonAsync<JsonElement>("/api/vhosts")).EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
            Assert.Equal(["/"], vhosts);
            var users = (await management.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
            Assert.Equal(["guest"], users);
            state = null;
        }
        finally
        {
            // A failed run must not leave its processes behind.
            if (state is not null || UpState.Load(_folder) is { Processes.Count: > 0 })
                await RunAsync(appHost, ["down", "--out", _folder, .. brokerOptions]);
        }
    }

    private static bool Alive(UpProcess p)
    {
        var stat = $"/proc/{p.Pid}/stat";
        if (!File.Exists(stat)) return false;
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] != "Z" && long.Parse(fields[19], System.Globalization.CultureInfo.InvariantCulture) == p.StartTicks;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string appHost, string[] arguments)
    {
        await using var process = ExternalProcess.StartDotnet(appHost, arguments);
        var exit = await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return (exit, process.Transcript);
    }

    public async Task DisposeAsync()
    {
        // FEDBUS_TEST_KEEP_UP=<folder>: keep the run's report and logs (for looking into a run that passed, too).
        if (Environment.GetEnvironmentVariable("FEDBUS_TEST_KEEP_UP") is { Length: > 0 } keep)
            foreach (var file in new[] { "report.json", "up.log" }.Select(f => Path.Combine(_folder, f))
                         .Concat(Directory.Exists(Path.Combine(_folder, "logs")) ? Directory.GetFiles(Path.Combine(_folder, "logs")) : []).Where(File.Exists))
            {
                Directory.CreateDirectory(keep);
                File.Copy(file, Path.Combine(keep, Path.GetFileName(file)), overwrite: true);
            }
        if (_broker is not null) await _broker.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
