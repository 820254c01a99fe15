using System.Text.Json;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Experiments.Reporting;

namespace FedBus.AppHost.Tests;

/// <summary>
/// `experiment --quick` end to end (real TorchSharp, the real strategies and QC rules, the committed benchmark at tiny
/// sizes): every arm produced finite metrics, every federated round carries the gate's decision with its figures.
/// The numbers themselves are measured by the full run (docs/experiments.md), not asserted here.
/// </summary>
public sealed class ExperimentQuickRunTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "fedbus-apphost-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_quick_experiment_reports_finite_metrics_for_every_arm_and_the_gate_decision_of_every_round()
    {
        var run = await CommandLine.RunAsync("experiment", "--quick", "--plain", "--out", folder);
        Assert.True(run.ExitCode == ExitCodes.Ok, $"exit {run.ExitCode}: {run.Error}");

        var report = JsonSerializer.Deserialize<ExperimentReport>(await File.ReadAllTextAsync(Path.Combine(folder, "report.json")), ReportWriter.Json)!;
        var sites = report.Sites.Select(s => s.SiteId).ToList();
        Assert.Equal(3, sites.Count);
        Assert.All(report.Sites, s => Assert.True(s.Cases > 0 && s.HeldOutCases > 0, s.SiteId));

        Assert.Single(report.Arms, a => a.Kind == "initial");
        Assert.Single(report.Arms, a => a.Kind == "centralised");
        Assert.Equal(sites.Count, report.Arms.Count(a => a.Kind == "local"));
        var federated = report.Arms.Where(a => a.Kind == "federated").ToList();
        foreach (var strategy in new[] { "FedAvg", "FedProx", report.RobustStrategy })
            Assert.Single(federated, a => a.Strategy == strategy && a.BadLabels is null);
        foreach (var labels in new[] { "one-based", "corrupted" })
            foreach (var qc in new[] { false, true })
                foreach (var strategy in new[] { "FedAvg", report.RobustStrategy })
                    Assert.Single(federated, a => a.Strategy == strategy && a.BadLabels == labels && a.Qc == qc && a.BadSite == report.BadSite);

        foreach (var arm in report.Arms)
        {
            Assert.True(IsMetric(arm.HeldOutMetric), $"{arm.Name}: held-out {arm.HeldOutMetric}");
            Assert.Equal(sites, arm.SiteMetric.Keys.Order().ToList());
            Assert.All(arm.SiteMetric.Values, v => Assert.True(IsMetric(v), $"{arm.Name}: site metric {v}"));
        }

        var gate = new Experiments.ValidationGate(report.GateTolerance, report.SiteTolerance);
        foreach (var arm in federated)
        {
            Assert.Equal(report.Rounds, arm.Rounds!.Count);
            foreach (var round in arm.Rounds)
            {
                Assert.Contains(round.Gate, new[] { "published", "rejected" });
                Assert.NotEmpty(round.Aggregated);
                Assert.True(IsMetric(round.CandidateHeldOut) && IsMetric(round.HeldOutMetric), $"{arm.Name} round {round.Round}");
                Assert.NotEmpty(round.Validation);
                // The recorded decision follows from the recorded figures.
                Assert.Equal(round.Gate, gate.Decide(round.Validation).Outcome);
                Assert.Equal(round.Gate == "rejected", round.Reason is not null);
            }
        }

        // QC's rules saw the bad site's labels and said why they rejected them.
        var oneBased = federated.First(a => a.BadLabels == "one-based" && a.Qc == true).QcScreen!;
        Assert.Equal(oneBased.Labels, oneBased.Corrupted);
        Assert.True(oneBased.RejectedByReason.GetValueOrDefault("one-based-labels") > 0);
        var corrupted = federated.First(a => a.BadLabels == "corrupted" && a.Qc == true).QcScreen!;
        Assert.True(corrupted.Corrupted > 0 && corrupted.Corrupted < corrupted.Labels);

        Assert.Equal(["random", "uncertainty"], report.Triage.Arms.Select(a => a.Selection).Order().ToArray());
        foreach (var arm in report.Triage.Arms)
        {
            Assert.True(arm.Curve.Count >= 2, arm.Selection);
            Assert.All(arm.Curve, p => Assert.True(IsMetric(p.Metric), $"{arm.Selection} at {p.Labels} labels"));
            Assert.Equal(arm.Curve.Select(p => p.Labels).Order().Distinct(), arm.Curve.Select(p => p.Labels));
            Assert.Equal(report.Triage.Budget, arm.Curve[^1].Labels);
        }
        Assert.NotEmpty(report.Anchors);

        var markdown = await File.ReadAllTextAsync(Path.Combine(folder, "report.md"));
        var html = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));
        foreach (var arm in report.Arms)
        {
            Assert.Contains(arm.Name, markdown, StringComparison.Ordinal);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(arm.Name), html, StringComparison.Ordinal);
        }
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("centralised", run.Console, StringComparison.Ordinal);
    }

    private static bool IsMetric(double v) => double.IsFinite(v) && v is >= 0 and <= 1;

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
