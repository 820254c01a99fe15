using FedBus.QualityControl.Agreement;
using FedBus.QualityControl.Drift;

namespace FedBus.QualityControl;

/// <summary>Configuration section "FedBus:QualityControl".</summary>
public sealed class QualityControlOptions
{
    public const string Section = "FedBus:QualityControl";

    /// <summary>Double reads of a mask agree from this mean Dice on.</summary>
    public double MinimumDice { get; set; } = 0.8;

    /// <summary>Two boxes of one class are the same object from this IoU on.</summary>
    public double BoxMatchIoU { get; set; } = 0.5;

    /// <summary>Double reads of boxes agree from this F1 of matched boxes on (1 = every box matched).</summary>
    public double MinimumBoxF1 { get; set; } = 1.0;

    /// <summary>Jensen–Shannon divergence (bits) of the site's accepted classes from the federation's that counts as drift.</summary>
    public double DriftThreshold { get; set; } = 0.1;

    /// <summary>Accepted labels a site needs before its drift is judged.</summary>
    public int DriftMinimumLabels { get; set; } = 20;

    /// <summary>A reader whose mean agreement with consensus over the recent window is below this is shown as off.</summary>
    public double ReaderAgreementThreshold { get; set; } = 0.75;

    /// <summary>Comparisons with consensus a reader needs before being judged.</summary>
    public int ReaderMinimumComparisons { get; set; } = 5;

    /// <summary>How many recent comparisons (and verdicts) per reader QC keeps.</summary>
    public int ReaderWindow { get; set; } = 20;

    /// <summary>Every count and class cell below this is reported to the hub as 0.</summary>
    public int MinimumCellCount { get; set; } = 5;

    /// <summary>Report SiteStatisticsReported after this many verdicts for a model …</summary>
    public int ReportEveryVerdicts { get; set; } = 50;

    /// <summary>… and at this interval when something changed since the last report.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromHours(1);

    public Dictionary<string, ModelQcOptions> Models { get; set; } = new(StringComparer.Ordinal);

    public AgreementSettings Agreement => new(MinimumDice, BoxMatchIoU, MinimumBoxF1);

    public DriftSettings Drift => new(DriftThreshold, DriftMinimumLabels);

    public bool StructureExpected(string modelId) => Models.TryGetValue(modelId, out var m) && m.StructureExpected;
}
