namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>
/// Weight bytes do not match their claim check (size or SHA-256). Bad data, not a passing fault: the bus does not retry it.
/// </summary>
public sealed class WeightVerificationException(string expectedSha256, string source, string problem)
    : WeightsUnavailableException($"Weights {expectedSha256} from {source} failed verification: {problem}.")
{
    public string ExpectedSha256 { get; } = expectedSha256;

    /// <summary>Where the bytes came from: "inline", the local blob store, or the URL they were fetched from.</summary>
    public string Origin { get; } = source;
}
