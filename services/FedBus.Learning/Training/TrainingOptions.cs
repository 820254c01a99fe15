namespace FedBus.Learning.Training;

/// <summary>How a site trains (the architecture itself is fixed by the model's <see cref="ModelSpec"/>).</summary>
public sealed record TrainingOptions
{
    /// <summary>Seeds shuffling, augmentation and dropout. Same seed + same thread count ⇒ identical weights.</summary>
    public long Seed { get; init; } = 1;

    public int MaxEpochs { get; init; } = 40;

    /// <summary>Stop after this many epochs without a validation improvement.</summary>
    public int Patience { get; init; } = 8;

    /// <summary>An epoch counts as an improvement when the validation score rises by more than this.</summary>
    public double MinImprovement { get; init; } = 1e-4;

    public int BatchSize { get; init; } = 8;

    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam (L2) weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>FedProx μ: adds μ/2·‖w − w_global‖² over the parameters (0 = plain FedAvg-style local training).</summary>
    public double ProximalMu { get; init; }

    /// <summary>Share of case ids (by hash, see <see cref="CaseSplit"/>) held out for early stopping. Fixed per site.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>
    /// New cases appear this many times per epoch (fractions drawn at random), old ones once: retraining
    /// replays everything but leans towards what radiologists just corrected. 1 = no weighting.
    /// </summary>
    public double NewCaseWeight { get; init; } = 1;

    public AugmentationOptions Augmentation { get; init; } = AugmentationOptions.Default;

    internal void Validate()
    {
        if (MaxEpochs < 1) throw new ArgumentOutOfRangeException(nameof(MaxEpochs), MaxEpochs, "Need at least one epoch.");
        if (Patience < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be ≥ 1.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be ≥ 1.");
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be > 0.");
        if (!(WeightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must be ≥ 0.");
        if (!(ProximalMu >= 0)) throw new ArgumentOutOfRangeException(nameof(ProximalMu), ProximalMu, "FedProx μ must be ≥ 0.");
        if (!(ValidationFraction is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "Validation fraction must be in [0, 1).");
        if (!(NewCaseWeight >= 1)) throw new ArgumentOutOfRangeException(nameof(NewCaseWeight), NewCaseWeight, "New-case weight must be ≥ 1.");
        if (!(MinImprovement >= 0)) throw new ArgumentOutOfRangeException(nameof(MinImprovement), MinImprovement, "Minimum improvement must be ≥ 0.");
        ArgumentNullException.ThrowIfNull(Augmentation);
        Augmentation.Validate();
    }
}
