using System.Globalization;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// What the hub carries from one round to the next: the server optimizer's buffers (FedAvgM's velocity, FedOpt's first
/// and second moments, per aggregated tensor), the number of rounds aggregated, and the <see cref="PrivacyLedger"/>.
/// Serialised as a safetensors file (<see cref="ToBytes"/>) the service stores with the model version it produced.
/// <para>
/// The buffers are updated in place: a state passed to a round is consumed by it (using it again throws) and the
/// result carries the next one. Persist the result's state only when its candidate is published; if the gate rejects
/// the candidate, reload the stored bytes of the previous state.
/// </para>
/// </summary>
public sealed class ServerState
{
    private const string Format = "fedbus-server-state/1";
    private const string OptimizerKey = "optimizer";
    private const string RoundsKey = "rounds";
    private const string PrivacyRoundsKey = "privacy_rounds";
    private const string PrivacyRdpKey = "privacy_rdp_coefficient";

    private readonly Dictionary<string, float[]> buffers;
    private bool consumed;

    private ServerState(StrategyKind? optimizer, int rounds, PrivacyLedger privacy, Dictionary<string, float[]> buffers)
    {
        Optimizer = optimizer;
        Rounds = rounds;
        Privacy = privacy;
        this.buffers = buffers;
    }

    /// <summary>The state of a federation before its first aggregated round.</summary>
    public static ServerState CreateInitial() => new(null, 0, PrivacyLedger.Empty, new Dictionary<string, float[]>(StringComparer.Ordinal));

    /// <summary>The strategy whose optimizer buffers these are (null: none yet).</summary>
    public StrategyKind? Optimizer { get; }

    /// <summary>Rounds aggregated so far with this state.</summary>
    public int Rounds { get; }

    public PrivacyLedger Privacy { get; }

    /// <summary>Buffer names: <c>m/&lt;tensor&gt;</c> (first moment or velocity), <c>v/&lt;tensor&gt;</c> (second moment).</summary>
    public IReadOnlyCollection<string> BufferNames => buffers.Keys;

    public ReadOnlySpan<float> Buffer(string name)
    {
        ThrowIfConsumed();
        return buffers.TryGetValue(name, out var b) ? b : throw new KeyNotFoundException($"No server state buffer named '{name}'.");
    }

    public byte[] ToBytes()
    {
        ThrowIfConsumed();
        var weights = new WeightSet(buffers.Select(kv => new KeyValuePair<string, WeightTensor>(kv.Key, WeightTensor.Float32([kv.Value.LongLength], kv.Value))));
        var extra = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OptimizerKey] = Optimizer?.ToString() ?? "",
            [RoundsKey] = Rounds.ToString(CultureInfo.InvariantCulture),
            [PrivacyRoundsKey] = Privacy.Rounds.ToString(CultureInfo.InvariantCulture),
            [PrivacyRdpKey] = Privacy.RdpCoefficient.ToString("R", CultureInfo.InvariantCulture),
        };
        return SafeTensors.ToBytes(weights, new WeightMetadata(Format, "", "", "aggregation", Extra: extra));
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ServerState FromBytes(ReadOnlySpan<byte> bytes)
    {
        var file = SafeTensors.Read(bytes);
        if (file.Metadata.ArchitectureId != Format)
            throw new InvalidDataException($"Not a FedBus server state: the file's format is '{file.Metadata.ArchitectureId}', expected '{Format}'.");
        var extra = file.Metadata.Extra ?? new Dictionary<string, string>();
        string Get(string key) => extra.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"Server state lacks '{key}'.");
        StrategyKind? optimizer = Get(OptimizerKey) is { Length: > 0 } o
            ? Enum.TryParse<StrategyKind>(o, out var kind) ? kind : throw new InvalidDataException($"Server state names an unknown optimizer '{o}'.")
            : null;
        if (!int.TryParse(Get(RoundsKey), NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) ||
            !int.TryParse(Get(PrivacyRoundsKey), NumberStyles.None, CultureInfo.InvariantCulture, out var privacyRounds) ||
            !double.TryParse(Get(PrivacyRdpKey), NumberStyles.Float, CultureInfo.InvariantCulture, out var rdp) || !(rdp >= 0))
            throw new InvalidDataException("Server state counters are not valid numbers.");
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, t) in file.Weights)
        {
            if (t.DType != WeightDType.F32) throw new InvalidDataException($"Server state buffer '{name}' is not float32.");
            buffers[name] = t.Values;
        }
        return new ServerState(optimizer, rounds, new PrivacyLedger(privacyRounds, rdp), buffers);
    }

    /// <summary>Hands the buffers to a round (which updates them in place) and retires this instance.</summary>
    internal Dictionary<string, float[]> Consume()
    {
        ThrowIfConsumed();
        consumed = true;
        return buffers;
    }

    internal static ServerState Next(StrategyKind? optimizer, int rounds, PrivacyLedger privacy, Dictionary<string, float[]> buffers) =>
        new(optimizer, rounds, privacy, buffers);

    private void ThrowIfConsumed()
    {
        if (consumed)
            throw new InvalidOperationException("This server state was consumed by a round (its buffers were updated in place): use the round result's state, or reload the stored bytes if the candidate was not published.");
    }
}
