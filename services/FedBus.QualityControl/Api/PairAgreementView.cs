namespace FedBus.QualityControl.Api;

/// <summary>Two readers who double-read the same tasks: how often they agreed, mean agreement, Cohen's κ (classification).</summary>
public sealed record PairAgreementView(string ModelId, string ReaderA, string ReaderB, long Tasks, long Agreed, double? MeanAgreement, double? Kappa);
