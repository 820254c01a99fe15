using System.Globalization;
using FedBus.AppHost.Cli;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// Everything that decides an experiment's numbers. Same settings (and thread count) ⇒ same report numbers.
/// <see cref="FullRun"/> and <see cref="QuickRun"/> are the two starting points; command-line options override single values.
/// </summary>
public sealed record ExperimentSettings
{
    public int Seed { get; init; } = 1;

    public ExperimentTask Task { get; init; } = ExperimentTask.Segmentation;

    /// <summary>Image edge in pixels (the benchmark's 128² slices, down-sampled by whole 2×2 blocks).</summary>
    public int Size { get; init; } = 64;

    public int Sites { get; init; } = 4;

    /// <summary>Dirichlet α of the non-IID split of slice classes over sites (small = skewed).</summary>
    public double Alpha { get; init; } = 0.5;

    /// <summary>Keep every n-th benchmark position (1 = all): small runs for tests.</summary>
    public int PositionStride { get; init; } = 1;

    /// <summary>Federated rounds; centralised and local-only training get <see cref="Rounds"/> × <see cref="LocalEpochs"/> epochs.</summary>
    public int Rounds { get; init; } = 8;

    public int LocalEpochs { get; init; } = 2;

    /// <summary>Version 1 of the model, which every arm starts from: the founding site's first cases, trained briefly.</summary>
    public int FoundingCases { get; init; } = 24;

    public int FoundingEpochs { get; init; } = 8;

    public RobustStrategy Robust { get; init; } = RobustStrategy.Median;

    /// <summary>FedProx μ of the FedProx arm.</summary>
    public double ProximalMu { get; init; } = 0.01;

    /// <summary>The gate rejects a candidate whose validation-case-weighted metric is below the current one by more than this.</summary>
    public double GateTolerance { get; init; } = 0.01;

    /// <summary>… or when one site's metric drops by more than this.</summary>
    public double SiteTolerance { get; init; } = 0.05;

    /// <summary>Index of the site whose labels go bad in the robustness arms (null = the last site).</summary>
    public int? BadSite { get; init; }

    public double CorruptFraction { get; init; } = 0.3;

    /// <summary>Active learning: labelled cases at the start, cases labelled per step, the most labels spent.</summary>
    public int TriageStart { get; init; } = 16;

    public int TriageStep { get; init; } = 16;

    public int TriageBudget { get; init; } = 176;

    public int TriageEpochs { get; init; } = 4;

    public int McPasses { get; init; } = 8;

    /// <summary>Absolute target metric of the triage arms; null = <see cref="TargetFraction"/> of the centralised result.</summary>
    public double? Target { get; init; }

    public double TargetFraction { get; init; } = 0.95;

    /// <summary>libtorch intra-op threads, pinned (reproducible training needs a fixed count).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>The benchmark folder; null = FedBus.BrainMri's locator (FEDBUS_BRAIN_MRI, then the repository walk).</summary>
    public string? DataDirectory { get; init; }

    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "experiment");

    public bool Quick { get; init; }

    public static ExperimentSettings FullRun { get; } = new();

    /// <summary>Seconds, not minutes: for the test and a first look. Not for conclusions.</summary>
    public static ExperimentSettings QuickRun { get; } = new()
    {
        Quick = true, Sites = 3, PositionStride = 4, Rounds = 2, LocalEpochs = 1, FoundingCases = 8, FoundingEpochs = 2,
        TriageStart = 6, TriageStep = 6, TriageBudget = 18, TriageEpochs = 1, McPasses = 4,
        OutputDirectory = Path.Combine("artifacts", "experiment-quick"),
    };

    public int BadSiteIndex => BadSite ?? Sites - 1;

    /// <summary>Throws <see cref="UsageException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(Size is 32 or 64 or 128, $"--size must be 32, 64 or 128 (whole down-sampling of the 128² slices), got {Size}.");
        Require(Sites is >= 2 and <= 12, $"--sites must be 2..12, got {Sites}.");
        Require(Alpha > 0 && double.IsFinite(Alpha), $"--alpha must be a positive number, got {F(Alpha)}.");
        Require(PositionStride is >= 1 and <= 20, $"position stride must be 1..20, got {PositionStride}.");
        Require(Rounds is >= 1 and <= 200, $"--rounds must be 1..200, got {Rounds}.");
        Require(LocalEpochs is >= 1 and <= 100, $"--epochs must be 1..100, got {LocalEpochs}.");
        Require(FoundingCases >= 2, $"--founding-cases must be ≥ 2, got {FoundingCases}.");
        Require(FoundingEpochs >= 1, $"--founding-epochs must be ≥ 1, got {FoundingEpochs}.");
        Require(ProximalMu >= 0 && double.IsFinite(ProximalMu), $"--mu must be ≥ 0, got {F(ProximalMu)}.");
        Require(GateTolerance >= 0 && double.IsFinite(GateTolerance), $"--gate-tolerance must be ≥ 0, got {F(GateTolerance)}.");
        Require(SiteTolerance >= 0 && double.IsFinite(SiteTolerance), $"--site-tolerance must be ≥ 0, got {F(SiteTolerance)}.");
        Require(BadSiteIndex >= 0 && BadSiteIndex < Sites, $"--bad-site must name a site 0..{Sites - 1}, got {BadSiteIndex}.");
        Require(CorruptFraction is > 0 and <= 1, $"--corrupt-fraction must be in (0, 1], got {F(CorruptFraction)}.");
        Require(TriageStart >= 2, $"--triage-start must be ≥ 2, got {TriageStart}.");
        Require(TriageStep >= 1, $"--triage-step must be ≥ 1, got {TriageStep}.");
        Require(TriageBudget > TriageStart, $"--triage-budget ({TriageBudget}) must exceed --triage-start ({TriageStart}).");
        Require(TriageEpochs >= 1, $"--triage-epochs must be ≥ 1, got {TriageEpochs}.");
        Require(McPasses is >= 2 and <= 64, $"--mc-passes must be 2..64, got {McPasses}.");
        Require(Target is null or (> 0 and <= 1), $"--target must be in (0, 1], got {F(Target ?? 0)}.");
        Require(TargetFraction is > 0 and <= 1, $"target fraction must be in (0, 1], got {F(TargetFraction)}.");
        Require(Threads is >= 1 and <= 64, $"--threads must be 1..64, got {Threads}.");
        Require(!string.IsNullOrWhiteSpace(OutputDirectory), "--out must name a folder.");
        // Krum scores each update by its K − f − 2 nearest neighbours: it needs K ≥ 2f + 3 updates (f = 1 here),
        // and the robustness arms must still have them when the bad site sits a round out.
        if (Robust is RobustStrategy.Krum or RobustStrategy.MultiKrum)
            Require(Sites >= 6, $"--robust {Robust.ToString().ToLowerInvariant()} needs at least 6 sites here (Krum needs K ≥ 2f + 3 = 5 updates with f = 1, " +
                $"and a site whose labels QC rejects sits out); got --sites {Sites}. Use --sites 6 or --robust median.");
        if (Robust == RobustStrategy.Trimmed)
            Require(Sites >= 3, "--robust trimmed needs at least 3 sites (one value trimmed at each end).");
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new UsageException(message);
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
