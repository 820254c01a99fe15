using System.Globalization;

namespace FedBus.Learning;

/// <summary>
/// What a model is. <see cref="ArchitectureId"/> is a canonical string such as
/// <c>unet2d-v1:in=1,classes=2,levels=3,width=16,dropout=0.1,norm=batch</c> that fully determines the
/// network (layers, widths, dropout, normalisation, head). Two specs with the same id build networks
/// whose weight files are interchangeable. Training settings live in <c>TrainingOptions</c>.
/// </summary>
public abstract record ModelSpec
{
    /// <summary>The family and layout version, e.g. <c>unet2d-v1</c>.</summary>
    public abstract string Family { get; }

    public abstract TaskKind Task { get; }

    /// <summary>Number of output classes (segmentation: including background).</summary>
    public abstract int Classes { get; }

    /// <summary>Canonical id: family, then every parameter in a fixed order.</summary>
    public string ArchitectureId =>
        Family + ":" + string.Join(",", Parameters().Select(p => p.Key + "=" + p.Value));

    public sealed override string ToString() => ArchitectureId;

    /// <summary>Builds an untrained model with weights drawn from <paramref name="seed"/>.</summary>
    public abstract ITaskModel CreateModel(long seed);

    /// <summary>Throws when a parameter is out of range.</summary>
    public abstract void Validate();

    protected abstract IEnumerable<KeyValuePair<string, string>> Parameters();

    /// <summary>Parses an id; missing parameters take the family's defaults, unknown ones are errors.</summary>
    public static ModelSpec Parse(string architectureId)
    {
        ArgumentNullException.ThrowIfNull(architectureId);
        var colon = architectureId.IndexOf(':', StringComparison.Ordinal);
        var family = (colon < 0 ? architectureId : architectureId[..colon]).Trim();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (colon >= 0 && colon < architectureId.Length - 1)
        {
            foreach (var part in architectureId[(colon + 1)..].Split(','))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw new FormatException($"Architecture id '{architectureId}': '{part}' is not key=value.");
                if (!values.TryAdd(part[..eq].Trim(), part[(eq + 1)..].Trim()))
                    throw new FormatException($"Architecture id '{architectureId}': '{part[..eq]}' given twice.");
            }
        }
        var reader = new SpecReader(architectureId, values);
        ModelSpec spec = family switch
        {
            UNetSpec.FamilyName => UNetSpec.Read(reader),
            ClassifierSpec.FamilyName => ClassifierSpec.Read(reader),
            CenterNetSpec.FamilyName => CenterNetSpec.Read(reader),
            _ => throw new FormatException(
                $"Architecture id '{architectureId}': unknown family '{family}' (known: {UNetSpec.FamilyName}, {ClassifierSpec.FamilyName}, {CenterNetSpec.FamilyName})."),
        };
        reader.ThrowOnUnused();
        spec.Validate();
        return spec;
    }

    protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    protected static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    protected static string Format(NormKind norm) => norm == NormKind.Batch ? "batch" : "group";

    /// <summary>Reads typed values out of a parsed id and remembers which keys were used.</summary>
    protected internal sealed class SpecReader(string id, Dictionary<string, string> values)
    {
        private readonly HashSet<string> used = new(StringComparer.Ordinal);

        public int Int(string key, int fallback) =>
            Get(key) is { } s
                ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(key, s, "an integer")
                : fallback;

        public double Double(string key, double fallback) =>
            Get(key) is { } s
                ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw Bad(key, s, "a number")
                : fallback;

        public NormKind Norm(string key, NormKind fallback) => Get(key) switch
        {
            null => fallback,
            "batch" => NormKind.Batch,
            "group" => NormKind.Group,
            var s => throw Bad(key, s, "'batch' or 'group'"),
        };

        public void ThrowOnUnused()
        {
            var unknown = values.Keys.Where(k => !used.Contains(k)).ToList();
            if (unknown.Count > 0)
                throw new FormatException($"Architecture id '{id}': unknown parameter(s) {string.Join(", ", unknown)}.");
        }

        private string? Get(string key)
        {
            used.Add(key);
            return values.TryGetValue(key, out var s) ? s : null;
        }

        private FormatException Bad(string key, string value, string expected) =>
            new($"Architecture id '{id}': {key}='{value}' is not {expected}.");
    }

    /// <summary>Shared range check with a message naming the parameter.</summary>
    protected void Require(bool ok, string what)
    {
        if (!ok) throw new ArgumentException($"Architecture '{ArchitectureId}': {what}.");
    }

    /// <summary>Used by subclasses to build their parameter list.</summary>
    protected static KeyValuePair<string, string> P(string key, string value) => new(key, value);
}
