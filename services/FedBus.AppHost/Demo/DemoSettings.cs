using System.Globalization;
using FedBus.AppHost.Cli;
using FedBus.AppHost.Experiments;

namespace FedBus.AppHost.Demo;

/// <summary>
/// Everything that shapes one `demo` run. <see cref="FullRun"/> and <see cref="QuickRun"/> are the two starting points;
/// command-line options override single values.
/// </summary>
public sealed record DemoSettings
{
    public int Sites { get; init; } = 3;

    public int Rounds { get; init; } = 5;

    public ExperimentTask Task { get; init; } = ExperimentTask.Segmentation;

    /// <summary>The hub's aggregation strategy (FedBus.Contracts.AggregationStrategy, by name).</summary>
    public string Strategy { get; init; } = "FedAvg";

    /// <summary>annotation-request's triage strategy: uncertainty, random or diverse.</summary>
    public string Triage { get; init; } = "uncertainty";

    /// <summary>Tasks a site may open per budget day; null = every candidate above the threshold opens.</summary>
    public int? Budget { get; init; }

    /// <summary>Share of confident results drawn as audit samples (two independent readers).</summary>
    public double AuditRate { get; init; } = 0.05;

    public int Seed { get; init; } = 1;

    /// <summary>Studies a site's PACS sends per wave; one wave before the first round and one after each round.</summary>
    public int StudiesPerWave { get; init; } = 3;

    /// <summary>Slices (MR instances) per study.</summary>
    public int SlicesPerStudy { get; init; } = 5;

    /// <summary>Version 1: labelled slices of the founding site (site 0) and its brief training.</summary>
    public int FoundingCases { get; init; } = 24;

    public int FoundingEpochs { get; init; } = 6;

    /// <summary>Local epochs per round at every site (early stopping on the site's validation pool may end sooner).</summary>
    public int LocalEpochs { get; init; } = 6;

    /// <summary>Share of a site's accepted cases kept for validation (the gate's figures); fixed per case by its id.</summary>
    public double ValidationFraction { get; init; } = 0.25;

    /// <summary>A round's update deadline at the hub; its validation deadline is half of it.</summary>
    public TimeSpan RoundDeadline { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>Weight files above this travel through the hub's weight store (claim check over HTTP) instead of inline.</summary>
    public long InlineWeightsLimitBytes { get; init; } = 64 * 1024;

    /// <summary>The model's input edge (the DICOM images are the benchmark's 128²; inference letterboxes them).</summary>
    public int InputSize { get; init; } = 64;

    /// <summary>MC-dropout passes of inference's triage.</summary>
    public int McPasses { get; init; } = 8;

    /// <summary>Synthetic shifts per calibration case when version 1's triage combiner is fitted.</summary>
    public int CalibrationShifts { get; init; } = 5;

    /// <summary>Held-out positions: every n-th of the benchmark's test split, seen through each site's scanner.</summary>
    public int HeldOutStride { get; init; } = 2;

    /// <summary>Index of the site whose radiologist makes systematic errors (null = the last site).</summary>
    public int? BadSite { get; init; }

    /// <summary>Ingestion: a study with no new instance for this long is complete.</summary>
    public TimeSpan StudySettleTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a wave may take to be ingested and worked before the run gives up waiting (and says so).</summary>
    public TimeSpan WaveTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public int Threads { get; init; } = 2;

    public string? DataDirectory { get; init; }

    public string OutputDirectory { get; init; } = Path.Combine("artifacts", "demo");

    public bool Quick { get; init; }

    public static DemoSettings FullRun { get; } = new();

    /// <summary>Small enough for a test on 2 shared cores; not for conclusions.</summary>
    public static DemoSettings QuickRun { get; } = new()
    {
        Quick = true, Rounds = 2, McPasses = 4, CalibrationShifts = 2, StudiesPerWave = 2, SlicesPerStudy = 4, FoundingCases = 8, FoundingEpochs = 2, HeldOutStride = 8,
        LocalEpochs = 3, RoundDeadline = TimeSpan.FromMinutes(3),
        StudySettleTime = TimeSpan.FromSeconds(1), WaveTimeout = TimeSpan.FromMinutes(2),
        OutputDirectory = Path.Combine("artifacts", "demo-quick"),
    };

    public int BadSiteIndex => BadSite ?? Sites - 1;

    /// <summary>Waves of studies per site: one before round 1, one after every round.</summary>
    public int Waves => Rounds + 1;

    /// <summary>Krum's f: the Byzantine sites it tolerates (the hub's default); it needs updates from 2f + 3 sites.</summary>
    public const int KrumByzantineSites = 1;

    public bool IsKrum => Strategy.Equals("Krum", StringComparison.OrdinalIgnoreCase) || Strategy.Equals("MultiKrum", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<string> TriageStrategies { get; } = ["uncertainty", "random", "diverse"];

    /// <summary>Throws <see cref="UsageException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        Require(Sites is >= 2 and <= 8, $"--sites must be 2..8, got {Sites}.");
        Require(Rounds is >= 1 and <= 50, $"--rounds must be 1..50, got {Rounds}.");
        Require(TriageStrategies.Contains(Triage), $"--triage must be one of {string.Join(", ", TriageStrategies)}, got '{Triage}'.");
        Require(Enum.TryParse<Contracts.AggregationStrategy>(Strategy, ignoreCase: true, out _),
            $"--strategy must be one of {string.Join(", ", Enum.GetNames<Contracts.AggregationStrategy>())}, got '{Strategy}'.");
        Require(!IsKrum || Sites >= 2 * KrumByzantineSites + 3,
            $"--strategy {Strategy} needs updates from at least {2 * KrumByzantineSites + 3} sites (K > 2f + 2 with f = {KrumByzantineSites}); --sites is {Sites}: use --sites {2 * KrumByzantineSites + 3} or more, or another strategy.");
        Require(LocalEpochs is >= 1 and <= 100, $"local epochs must be 1..100, got {LocalEpochs}.");
        Require(ValidationFraction is > 0 and < 1, $"the validation fraction must be within (0, 1), got {F(ValidationFraction)}.");
        Require(Budget is null or >= 1, $"--budget must be at least 1 task per site and day, got {Budget}.");
        Require(AuditRate is >= 0 and <= 1, $"--audit-rate must be within 0..1, got {F(AuditRate)}.");
        Require(StudiesPerWave is >= 1 and <= 100, $"studies per wave must be 1..100, got {StudiesPerWave}.");
        Require(SlicesPerStudy is >= 1 and <= 64, $"slices per study must be 1..64, got {SlicesPerStudy}.");
        Require(FoundingCases >= 2, $"founding cases must be at least 2, got {FoundingCases}.");
        Require(FoundingEpochs >= 1, $"founding epochs must be at least 1, got {FoundingEpochs}.");
        Require(InputSize is 32 or 64 or 128, $"the input size must be 32, 64 or 128, got {InputSize}.");
        Require(BadSiteIndex >= 0 && BadSiteIndex < Sites, $"--bad-site must name a site 0..{Sites - 1}, got {BadSiteIndex}.");
        Require(BadSiteIndex != 0, "--bad-site cannot be 0: site 0 is the founding site whose labels made version 1.");
        Require(Threads is >= 1 and <= 64, $"--threads must be 1..64, got {Threads}.");
        Require(!string.IsNullOrWhiteSpace(OutputDirectory), "--out must name a folder.");
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw new UsageException(message);
    }

    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}
