namespace FedBus.BrainMri.Format;

/// <summary>A box in pixels: X0,Y0 inclusive, X1,Y1 exclusive (X = column, Y = row); Pixels = atlas pixels inside.</summary>
public sealed record BoxRecord(int X0, int Y0, int X1, int Y1, int ClassId, string Side, int Pixels);
