namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>
/// The weights a claim check names cannot be had or sent: a malformed claim, no hub to ask, a failed transfer
/// (<see cref="WeightTransferException"/>) or bytes that do not match (<see cref="WeightVerificationException"/>).
/// Callers catch this one type and fail the job or round with its message.
/// </summary>
public class WeightsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
