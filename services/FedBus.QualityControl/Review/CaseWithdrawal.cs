using FedBus.Contracts;

namespace FedBus.QualityControl.Review;

/// <summary>Who withdrew an accepted case, when and why.</summary>
public sealed record CaseWithdrawal(string By, DateTimeOffset At, IReadOnlyList<QcFlag> Reasons);
