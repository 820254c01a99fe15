namespace FedBus.QualityControl.Api;

/// <summary>Why a site administrator withdraws an accepted case (required; stored and sent to training).</summary>
public sealed record WithdrawCaseRequest(string? Reason);
