namespace FedBus.BrainMri.Format;

/// <summary>
/// ch2better (0.5 mm) against ch2/ch2bet (1 mm) through their header transforms: brain-mask Dice and
/// brain intensity correlation at zero shift, and the shift (0.5 mm steps, ±2 mm per axis) where the
/// correlation peaks (alignment holds when it is within half a fine voxel of zero), plus the linear
/// intensity map ch2 ≈ Gain·ch2better + Offset used for the composite.
/// </summary>
public sealed record AlignmentRecord(double DiceAtZeroShift, double CorrelationAtZeroShift, double BestCorrelation, IReadOnlyList<double> BestShiftMm, double Gain, double Offset);
