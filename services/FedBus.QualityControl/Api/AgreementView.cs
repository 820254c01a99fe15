namespace FedBus.QualityControl.Api;

public sealed record AgreementView(double Threshold, int MinimumComparisons, IReadOnlyList<ReaderAgreementView> Readers, IReadOnlyList<PairAgreementView> Pairs);
