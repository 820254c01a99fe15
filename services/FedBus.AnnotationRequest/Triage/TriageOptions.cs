namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// The triage policy of one task (one model) at one site: configuration section <c>FedBus:Tasks:&lt;name&gt;:Triage</c>
/// (defaults for unlisted models: <c>FedBus:AnnotationRequest:Triage</c>).
/// </summary>
public sealed class TriageOptions
{
    /// <summary>A result whose triage score is at least this opens a task ("uncertainty").</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Share of confident results (below the threshold, no QC flag) picked as audit samples.</summary>
    public double AuditRate { get; set; } = 0.05;

    /// <summary>Independent readers an audit sample needs.</summary>
    public int AuditReads { get; set; } = 2;

    /// <summary>Salt of the audit draw: the same prediction is always drawn the same way at one site.</summary>
    public string AuditSeed { get; set; } = "audit";

    public TriageStrategy Strategy { get; set; } = TriageStrategy.Uncertainty;

    /// <summary>
    /// The likelihood that the model is poor on an image that raised a QC flag, when its triage score is lower: a flag
    /// (an empty or fragmented mask, an image unlike the training data) is strong evidence on its own.
    /// </summary>
    public double QcFlagValue { get; set; } = 0.9;

    /// <summary>Worklist priority of audit samples (they are random by design, so their value is not the triage score's).</summary>
    public double AuditPriority { get; set; } = 0.5;

    /// <summary>Diverse strategy: slices (InstanceNumber) or frames at most this far apart are near-duplicates.</summary>
    public int NearDuplicateDistance { get; set; } = 2;

    /// <summary>Diverse strategy: the value is multiplied by this for every near-duplicate already opened or chosen.</summary>
    public double NearDuplicatePenalty { get; set; } = 0.25;

    /// <summary>A candidate whose expected value falls below this is dropped instead of held (e.g. a near-duplicate).</summary>
    public double MinimumExpectedValue { get; set; }

    /// <summary>Tasks opened per budget day (audit samples not counted); null: no limit, every candidate opens at once.</summary>
    public int? DailyBudget { get; set; }

    /// <summary>Budget a day may spend ahead of its even pace (so the first cases of the morning need not wait).</summary>
    public int Burst { get; set; } = 2;

    /// <summary>
    /// With a <see cref="DailyBudget"/>: candidates are held until the window (of this length, aligned to the budget day)
    /// they arrived in has closed, then the best of everything held is released as far as the paced budget allows.
    /// Zero: a candidate is decided as it arrives (released at once when the paced budget has room, held otherwise).
    /// </summary>
    public TimeSpan HoldingWindow { get; set; } = TimeSpan.Zero;

    /// <summary>A held candidate not released within this is dropped.</summary>
    public TimeSpan CandidateMaxAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Budget days start at UTC midnight plus this (e.g. 06:00 for a site whose working day starts then).</summary>
    public TimeSpan BudgetDayStart { get; set; } = TimeSpan.Zero;

    /// <summary>Audit samples opened per budget day; null: no limit.</summary>
    public int? AuditDailyBudget { get; set; }

    /// <summary>Throws with the setting's name when a value cannot work.</summary>
    public TriageOptions Validate(string name)
    {
        void Check(bool ok, string message)
        {
            if (!ok) throw new InvalidOperationException($"Triage settings of '{name}': {message}");
        }
        Check(Threshold is >= 0 and <= 1, $"Threshold must be within 0..1, got {Threshold}.");
        Check(AuditRate is >= 0 and <= 1, $"AuditRate must be within 0..1, got {AuditRate}.");
        Check(AuditReads >= 1, $"AuditReads must be at least 1, got {AuditReads}.");
        Check(QcFlagValue is >= 0 and <= 1, $"QcFlagValue must be within 0..1, got {QcFlagValue}.");
        Check(AuditPriority is >= 0 and <= 1, $"AuditPriority must be within 0..1, got {AuditPriority}.");
        Check(NearDuplicatePenalty is >= 0 and <= 1, $"NearDuplicatePenalty must be within 0..1, got {NearDuplicatePenalty}.");
        Check(DailyBudget is null or >= 0, $"DailyBudget must not be negative, got {DailyBudget}.");
        Check(AuditDailyBudget is null or >= 0, $"AuditDailyBudget must not be negative, got {AuditDailyBudget}.");
        Check(Burst >= 0, $"Burst must not be negative, got {Burst}.");
        Check(HoldingWindow >= TimeSpan.Zero && HoldingWindow <= TimeSpan.FromDays(1), $"HoldingWindow must be within 0..1 day, got {HoldingWindow}.");
        Check(CandidateMaxAge > TimeSpan.Zero, $"CandidateMaxAge must be positive, got {CandidateMaxAge}.");
        Check(BudgetDayStart >= TimeSpan.Zero && BudgetDayStart < TimeSpan.FromDays(1), $"BudgetDayStart must be within 0..24 h, got {BudgetDayStart}.");
        return this;
    }
}
