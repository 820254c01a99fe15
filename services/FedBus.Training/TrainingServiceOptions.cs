using FedBus.Learning.Training;

namespace FedBus.Training;

/// <summary>Configuration section "FedBus:Training": how this site trains and runs its jobs.</summary>
public sealed class TrainingServiceOptions
{
    public const string Section = "FedBus:Training";

    /// <summary>libtorch intra-op threads, pinned once per process (a composed host keeps whatever was pinned first).</summary>
    public int TorchThreads { get; set; } = 2;

    /// <summary>
    /// Share of cases (by the hash of their id, see CaseSplit and SiteSplit) in the validation pool. Stored at the site's first start
    /// and kept: changing it later would move training cases into validation, so a changed value is logged and ignored.
    /// </summary>
    public double ValidationFraction { get; set; } = 0.2;

    /// <summary>Square model input size for models that no FedBus:Tasks section names.</summary>
    public int DefaultInputSize { get; set; } = 64;

    /// <summary>Stop a round's local training after this many epochs without a validation improvement.</summary>
    public int Patience { get; set; } = 3;

    /// <summary>An epoch counts as an improvement when the validation score rises by more than this.</summary>
    public double MinImprovement { get; set; } = 1e-4;

    public int BatchSize { get; set; } = 8;

    public double LearningRate { get; set; } = 1e-3;

    public double WeightDecay { get; set; }

    /// <summary>
    /// Largest body of a seeded case (POST /training/models/{modelId}/cases): its JSON holds the instance (at most 64 MiB)
    /// and the label in base64, a third larger than their bytes; 96 MiB fits the largest instance with its label.
    /// </summary>
    public long MaxSeedRequestBytes { get; set; } = 96L * 1024 * 1024;

    /// <summary>Augmentation during local training (flips, rotation, scale, gamma); off trains on the inputs as they are.</summary>
    public bool Augment { get; set; } = true;

    /// <summary>A running job's lease: renewed every third of it; a job whose lease lapsed (its process died) is taken over.</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for jobs recorded by other replicas (its own consumers wake it at once).</summary>
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs of one job (a crash or a transient failure each count one) before it is abandoned.</summary>
    public int MaxJobAttempts { get; set; } = 3;

    /// <summary>Wait before a job that failed transiently (the store, the hub unreachable) runs again.</summary>
    public TimeSpan JobRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// While the hub is away (its weight store unreachable, timing out or answering 5xx after the HTTP client's own
    /// retries), a job waits this long and transfers again, until its deadline: a finished training is not thrown away.
    /// </summary>
    public TimeSpan WeightRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    internal TrainingServiceOptions Validate()
    {
        if (TorchThreads < 1) throw new InvalidOperationException($"{Section}:TorchThreads must be ≥ 1.");
        if (!(ValidationFraction is > 0 and < 1)) throw new InvalidOperationException($"{Section}:ValidationFraction must be in (0, 1).");
        if (MaxSeedRequestBytes < 1024) throw new InvalidOperationException($"{Section}:MaxSeedRequestBytes must be ≥ 1024.");
        if (DefaultInputSize < 16) throw new InvalidOperationException($"{Section}:DefaultInputSize must be ≥ 16.");
        if (Patience < 1 || BatchSize < 1 || !(LearningRate > 0) || !(WeightDecay >= 0) || !(MinImprovement >= 0))
            throw new InvalidOperationException($"{Section}: Patience and BatchSize must be ≥ 1, LearningRate > 0, WeightDecay and MinImprovement ≥ 0.");
        if (JobLease < TimeSpan.FromSeconds(1) || JobPollInterval <= TimeSpan.Zero || MaxJobAttempts < 1 || JobRetryDelay < TimeSpan.Zero
            || WeightRetryInterval <= TimeSpan.Zero)
            throw new InvalidOperationException($"{Section}: JobLease must be ≥ 1 s, JobPollInterval > 0, MaxJobAttempts ≥ 1, JobRetryDelay ≥ 0, WeightRetryInterval > 0.");
        return this;
    }

    /// <summary>
    /// The local training settings of one round: its epochs, FedProx μ and new-case weight, seeded by the round. The
    /// pools come with the cases (stored at intake), so no validation fraction goes to the trainer.
    /// </summary>
    internal TrainingOptions ForRound(int localEpochs, double proximalMu, double newCaseWeight, long seed) => new()
    {
        Seed = seed,
        MaxEpochs = localEpochs,
        Patience = Patience,
        MinImprovement = MinImprovement,
        BatchSize = BatchSize,
        LearningRate = LearningRate,
        WeightDecay = WeightDecay,
        ProximalMu = proximalMu,
        NewCaseWeight = newCaseWeight,
        Augmentation = Augment ? AugmentationOptions.Default : AugmentationOptions.None,
    };
}
