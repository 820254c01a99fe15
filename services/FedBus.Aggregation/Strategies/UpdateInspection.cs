namespace FedBus.Aggregation.Strategies;

/// <summary>
/// What <see cref="UpdateInspector"/> found in one site's update: a <see cref="Reason"/> to refuse it, or the squared
/// norm of its change ‖w_site − w_global‖² per tensor of the layout (0 for int64 tensors). Plain data, so the service
/// can inspect an update when it arrives, store this, and plan the round from it later without reading weights again.
/// </summary>
public sealed record UpdateInspection(string? Reason, IReadOnlyList<double> TensorSquaredNorms)
{
    public bool IsValid => Reason is null;

    /// <summary>‖w_site − w_global‖ over every float tensor.</summary>
    public double DeltaNorm => Math.Sqrt(TensorSquaredNorms.Sum());

    public static UpdateInspection Valid(IReadOnlyList<double> tensorSquaredNorms) =>
        new(null, tensorSquaredNorms ?? throw new ArgumentNullException(nameof(tensorSquaredNorms)));

    public static UpdateInspection Rejected(string reason) =>
        new(string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("A rejection needs a reason.", nameof(reason)) : reason, []);

    /// <summary>‖w_site − w_global‖ over the tensors that are aggregated (<paramref name="aggregated"/>[i]).</summary>
    public double DeltaNormOver(IReadOnlyList<bool> aggregated)
    {
        ArgumentNullException.ThrowIfNull(aggregated);
        if (!IsValid) throw new InvalidOperationException($"A rejected update has no norm: {Reason}");
        if (aggregated.Count != TensorSquaredNorms.Count)
            throw new ArgumentException($"The inspection covers {TensorSquaredNorms.Count} tensors, the mask {aggregated.Count}.", nameof(aggregated));
        double sum = 0;
        for (int i = 0; i < aggregated.Count; i++)
            if (aggregated[i]) sum += TensorSquaredNorms[i];
        return Math.Sqrt(sum);
    }
}
