namespace FedBus.QualityControl.Review;

/// <summary>
/// The two independent reads of a double-read task compared: their agreement and, for classification, the two classes
/// (a cell of the pair's table for Cohen's κ).
/// </summary>
public sealed record PairObservation(string ReaderA, string ReaderB, double Score, bool Agree, int? ClassA, int? ClassB);
