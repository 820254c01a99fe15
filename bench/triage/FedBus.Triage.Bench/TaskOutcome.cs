using FedBus.Learning;
using FedBus.Learning.Metrics;
using FedBus.Learning.Signals;

namespace FedBus.Triage.Bench;

/// <summary>One task's rows and the figures the benchmark reports: AUROC, precision at a 10 % budget, per condition.</summary>
internal sealed record TaskOutcome(TaskKind Task, string ArchitectureId, IReadOnlyList<ImageOutcome> Rows, TimeSpan Elapsed)
{
    public const double Budget = 0.10;

    public IReadOnlyList<ImageOutcome> Scanners => Rows.Where(r => r.IsScanner).ToList();

    public static double Auroc(IReadOnlyList<ImageOutcome> rows, Func<ImageOutcome, double> score)
    {
        var poor = rows.Select(r => r.Poor).ToList();
        return poor.All(p => p) || poor.All(p => !p) ? double.NaN : ClassificationMetrics.RocAuc(rows.Select(score).ToList(), poor);
    }

    /// <summary>Share of poor predictions among the top <see cref="Budget"/> by score (ties broken by case order, stable).</summary>
    public static double PrecisionAtBudget(IReadOnlyList<ImageOutcome> rows, Func<ImageOutcome, double> score)
    {
        var k = Math.Max(1, (int)Math.Round(rows.Count * Budget));
        return rows.Select((r, i) => (r, i)).OrderByDescending(t => score(t.r)).ThenBy(t => t.i).Take(k).Count(t => t.r.Poor) / (double)k;
    }

    public static double PoorRate(IReadOnlyList<ImageOutcome> rows) => rows.Count(r => r.Poor) / (double)rows.Count;

    public static double Signal(ImageOutcome r, string name) => r.Signals[TriageSignals.Names.ToList().IndexOf(name)];

    public void Print()
    {
        Console.WriteLine($"\n{Task} ({ArchitectureId}), {Elapsed.TotalSeconds:F0} s");
        Console.WriteLine($"  {"condition",-22} {"images",6} {"poor",5} {"quality",8} {"triage",7} {"MC",6}  AUROC triage / MC within");
        foreach (var g in Rows.GroupBy(r => r.Condition))
        {
            var list = g.ToList();
            Console.WriteLine($"  {g.Key,-22} {list.Count,6} {list.Count(r => r.Poor),5} {list.Average(r => r.Quality),8:F3} {list.Average(r => r.Triage),7:F3} {list.Average(r => Signal(r, TriageSignals.McEntropy)),6:F3}  " +
                              $"{Fmt(Auroc(list, r => r.Triage))} / {Fmt(Auroc(list, r => Signal(r, TriageSignals.McEntropy)))}");
        }
        foreach (var (label, set) in new[] { ("clean + scanners", Scanners), ("… + stress", Rows) })
        {
            var rate = PoorRate(set);
            var p = PrecisionAtBudget(set, r => r.Triage);
            Console.WriteLine($"  {label}: n {set.Count}, poor {rate:P0}; AUROC triage {Fmt(Auroc(set, r => r.Triage))}, MC-dropout alone {Fmt(Auroc(set, r => Signal(r, TriageSignals.McEntropy)))}; " +
                              $"precision at {Budget:P0} budget {p:F2} vs random {rate:F2} ({p / rate:F1}×)");
            Console.WriteLine("    single signals: " + string.Join("  ", TriageSignals.Names.Select(n => $"{n} {Fmt(Auroc(set, r => Signal(r, n)))}")));
        }
    }

    public static string Fmt(double v) => double.IsNaN(v) ? "  n/a" : v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
}
