namespace FedBus.Learning.Predictions;

/// <summary>How to predict.</summary>
/// <param name="McPasses">
/// 1 = one deterministic pass (dropout off). T &gt; 1 = MC-dropout: T stochastic passes (dropout on,
/// normalisation in eval mode) run as one batch of T copies; probabilities are averaged.
/// </param>
/// <param name="Seed">Seed of the dropout masks, so a prediction can be repeated exactly.</param>
/// <param name="ScoreThreshold">Detection only: boxes scoring below it are dropped.</param>
/// <param name="BatchSize">Images per forward pass (times <paramref name="McPasses"/> copies).</param>
public sealed record PredictionOptions(int McPasses = 8, long Seed = 0, double ScoreThreshold = 0.05, int BatchSize = 8)
{
    /// <summary>One deterministic pass per image: for evaluation.</summary>
    public static PredictionOptions Deterministic { get; } = new(McPasses: 1);

    /// <summary>MC-dropout with 8 passes, seed 0.</summary>
    public static PredictionOptions Default { get; } = new();

    internal void Validate()
    {
        if (McPasses is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(McPasses), McPasses, "MC passes must be 1..256.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "Batch size must be ≥ 1.");
        if (!(ScoreThreshold is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "Score threshold must be in [0, 1).");
    }
}
