namespace FedBus.BrainMri.Format;

/// <summary>Slice grid: Size×Size pixels of PixelMm over a square field of view centred at CenterMm (RAS).</summary>
public sealed record GeometryRecord(int Size, double FieldOfViewMm, double PixelMm, IReadOnlyList<double> CenterMm, string Orientation);
