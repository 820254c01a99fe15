using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// Where the run says what it is doing: every step goes to experiment.log; on an interactive terminal a live progress
/// bar shows it, otherwise (or with --plain) each step is a console line.
/// </summary>
internal sealed class ExperimentProgress(IAnsiConsole console, StreamWriter log, bool live) : IDisposable
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private ProgressTask? bar;

    public bool Live => live;

    public TimeSpan Elapsed => clock.Elapsed;

    /// <summary>Runs <paramref name="work"/> under the live display (or plainly).</summary>
    public void Run(int totalSteps, Action work)
    {
        if (!live)
        {
            work();
            return;
        }
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                bar = ctx.AddTask("experiment", maxValue: Math.Max(1, totalSteps));
                try { work(); }
                finally { bar.Value = bar.MaxValue; bar.StopTask(); }
            });
        bar = null;
    }

    /// <summary>A unit of work starts (it counts towards the bar when the next one starts).</summary>
    public void Step(string what)
    {
        Note(what);
        if (bar is not null)
        {
            if (bar.Description != "experiment") bar.Increment(1);
            bar.Description = Markup.Escape(what);
        }
    }

    /// <summary>A line for the log (and the console when not live).</summary>
    public void Note(string line)
    {
        var stamped = string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:hh\\:mm\\:ss}] {line}");
        log.WriteLine(stamped);
        log.Flush();
        if (bar is null) console.MarkupLine(Markup.Escape(stamped));
    }

    public void Dispose() => log.Dispose();
}
