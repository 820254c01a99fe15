using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FedBus.AppHost.Demo;

/// <summary>
/// Where the run shows what it does. Every line goes to demo.log. Live (an interactive terminal, no --plain): a table
/// refreshed twice a second — stage, round, and per site studies ingested, predictions, tasks open/answered, QC
/// verdicts, the current held-out metric. Plain: the lines on the console, and the table's figures as a line every 5 s.
/// </summary>
internal sealed class DemoProgress(IAnsiConsole console, StreamWriter log, bool live, string metric) : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private readonly Dictionary<string, double> siteMetric = new(StringComparer.Ordinal);
    private IReadOnlyList<SiteActivity> sites = [];
    private string stage = "starting";
    private string round = "no round yet";
    private bool displaying;

    public TimeSpan Elapsed => clock.Elapsed;

    public void Watch(IReadOnlyList<SiteActivity> activities)
    {
        lock (gate) sites = activities;
    }

    public void Round(string text)
    {
        lock (gate) round = text;
    }

    public void Metric(string siteId, double value)
    {
        lock (gate) siteMetric[siteId] = value;
    }

    /// <summary>A stage begins: a log line, and the display's headline.</summary>
    public void Stage(string what)
    {
        lock (gate) stage = what;
        Note(what);
    }

    public void Note(string line)
    {
        var stamped = string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:hh\\:mm\\:ss}] {line}");
        lock (gate)
        {
            log.WriteLine(stamped);
            log.Flush();
            if (!displaying) console.MarkupLine(Markup.Escape(stamped));
        }
    }

    /// <summary>Runs <paramref name="work"/> under the live display, or with a summary line every 5 s.</summary>
    public async Task RunAsync(Func<Task> work)
    {
        if (!live)
        {
            using var stop = new CancellationTokenSource();
            var ticker = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
                    if (SummaryLine() is { Length: > 0 } line) Note(line);
            }, CancellationToken.None);
            try { await work(); }
            finally
            {
                await stop.CancelAsync();
                try { await ticker; } catch (OperationCanceledException) { }
            }
            return;
        }
        lock (gate) displaying = true;
        try
        {
            await console.Live(Render()).AutoClear(false).StartAsync(async ctx =>
            {
                var job = work();
                while (!job.IsCompleted)
                {
                    ctx.UpdateTarget(Render());
                    await Task.WhenAny(job, Task.Delay(500));
                }
                ctx.UpdateTarget(Render());
                await job;
            });
        }
        finally
        {
            lock (gate) displaying = false;
        }
    }

    private string SummaryLine()
    {
        lock (gate)
            return sites.Count == 0 ? "" : string.Join("; ", sites.Select(s =>
            {
                var t = s.Totals();
                var m = siteMetric.TryGetValue(s.SiteId, out var v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";
                return $"{s.SiteId}: studies {t.Studies}, predictions {t.Predictions}, tasks {t.Opened}/{t.Answered} answered, QC {t.Accepted} accepted {t.Rejected} rejected, {metric} {m}";
            })) + $" ({round})";
    }

    private IRenderable Render()
    {
        lock (gate)
        {
            var table = new Table { Title = new TableTitle(Markup.Escape($"FedBus demo — {stage} — {round} — {clock.Elapsed:mm\\:ss}")) };
            foreach (var h in new[] { "site", "studies ingested", "predictions", "tasks opened", "tasks answered", "QC accepted", "QC rejected", $"held-out {metric}" })
                table.AddColumn(h);
            foreach (var s in sites)
            {
                var t = s.Totals();
                table.AddRow(s.SiteId, I(t.Studies), I(t.Predictions), I(t.Opened), I(t.Answered), I(t.Accepted), I(t.Rejected),
                    siteMetric.TryGetValue(s.SiteId, out var v) ? v.ToString("F3", CultureInfo.InvariantCulture) : "-");
            }
            return table;
        }
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => log.Dispose();
}
