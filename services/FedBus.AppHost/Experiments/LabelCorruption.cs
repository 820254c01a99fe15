using FedBus.BrainMri;
using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// Breaks a site's labels, deterministically from the seed. <see cref="BadLabels.OneBased"/>: every label. <see cref="BadLabels.Corrupted"/>:
/// a share of the cases, the kinds dealt in turn — per task, kinds QC's rules can recognise (ids out of the class
/// list) and kinds no per-label rule can (the anatomy is wrong, the ids are fine).
/// </summary>
internal static class LabelCorruption
{
    public const string OneBased = "one-based";
    public const string Scaled255 = "scaled-255";
    public const string OtherSlice = "other-slice";
    public const string Shifted = "shifted";
    public const string OutOfRange = "out-of-range";
    public const string WrongClass = "wrong-class";
    public const string OutsideImage = "outside-image";
    public const string Dropped = "dropped";

    public static IReadOnlyList<string> Kinds(ExperimentTask task) => task switch
    {
        ExperimentTask.Segmentation => [OneBased, Scaled255, OtherSlice, Shifted],
        ExperimentTask.Classification => [OneBased, OutOfRange, WrongClass],
        _ => [OneBased, OutsideImage, OtherSlice, Dropped],
    };

    public static IReadOnlyList<SubmittedLabel> Clean(SiteData site) =>
        site.Cases.Select(c => new SubmittedLabel(c, c.Truth, null)).ToList();

    public static IReadOnlyList<SubmittedLabel> Apply(SiteData site, BadLabels bad, ExperimentSettings settings, int classes)
    {
        var cases = site.Cases;
        var rng = new DeterministicRandom(DeterministicRandom.Derive(settings.Seed, $"bad-labels|{bad}|{site.SiteId}"));
        if (bad == BadLabels.OneBased)
            return cases.Select(c => new SubmittedLabel(c, ShiftIds(c.Truth), OneBased)).ToList();

        var order = Enumerable.Range(0, cases.Count).ToList();
        rng.Shuffle(order);
        int count = (int)Math.Round(settings.CorruptFraction * cases.Count, MidpointRounding.AwayFromZero);
        var kinds = Kinds(settings.Task);
        var kindOf = new string?[cases.Count];
        for (int i = 0; i < count; i++)
            kindOf[order[i]] = kinds[i % kinds.Count];
        return cases.Select((c, i) => kindOf[i] is { } kind
            ? new SubmittedLabel(c, Break(kind, c, cases, classes, settings.Size, rng), kind)
            : new SubmittedLabel(c, c.Truth, null)).ToList();
    }

    private static ImageLabel Break(string kind, ExperimentCase c, IReadOnlyList<ExperimentCase> all, int classes, int size, DeterministicRandom rng) => kind switch
    {
        OneBased => ShiftIds(c.Truth),
        Scaled255 => c.Truth is MaskLabel m ? new MaskLabel(m.Height, m.Width, m.ClassIds.Select(v => v == 0 ? (byte)0 : (byte)255).ToArray()) : c.Truth,
        OtherSlice => Other(c, all, rng).Truth,
        Shifted => c.Truth is MaskLabel m ? Shift(m, size / 8 * (rng.NextDouble() < 0.5 ? 1 : -1), size / 8 * (rng.NextDouble() < 0.5 ? 1 : -1)) : c.Truth,
        OutOfRange => c.Truth is ClassIdLabel k ? new ClassIdLabel(classes + 1 + rng.NextInt(3)) : c.Truth,
        WrongClass => c.Truth is ClassIdLabel k ? new ClassIdLabel((k.ClassId + 1 + rng.NextInt(classes - 1)) % classes) : c.Truth,
        OutsideImage => c.Truth is BoxesLabel b
            ? new BoxesLabel(b.Boxes.Count > 0
                ? b.Boxes.Select(x => x with { X0 = x.X0 + size / 3.0, X1 = x.X1 + size / 3.0 }).ToArray()
                : [new LabelBox(size - 4, size - 4, size + 4, size + 4, 0)])
            : c.Truth,
        Dropped => new BoxesLabel([]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown corruption"),
    };

    /// <summary>Every id + 1: what a tool that counts classes from 1 exports.</summary>
    private static ImageLabel ShiftIds(ImageLabel label) => label switch
    {
        MaskLabel m => new MaskLabel(m.Height, m.Width, m.ClassIds.Select(v => (byte)(v + 1)).ToArray()),
        ClassIdLabel c => new ClassIdLabel(c.ClassId + 1),
        BoxesLabel b => new BoxesLabel(b.Boxes.Select(x => x with { ClassId = x.ClassId + 1 }).ToArray()),
        _ => label,
    };

    private static ExperimentCase Other(ExperimentCase c, IReadOnlyList<ExperimentCase> all, DeterministicRandom rng)
    {
        if (all.Count < 2) return c;
        int i;
        do i = rng.NextInt(all.Count); while (ReferenceEquals(all[i], c));
        return all[i];
    }

    /// <summary>The mask moved by (dx, dy) pixels, background filling in: a label drawn on the wrong registration.</summary>
    private static MaskLabel Shift(MaskLabel m, int dx, int dy)
    {
        var moved = new byte[m.ClassIds.Length];
        for (int y = 0; y < m.Height; y++)
            for (int x = 0; x < m.Width; x++)
            {
                int sx = x - dx, sy = y - dy;
                if (sx >= 0 && sy >= 0 && sx < m.Width && sy < m.Height)
                    moved[y * m.Width + x] = m.ClassIds[sy * m.Width + sx];
            }
        return new MaskLabel(m.Height, m.Width, moved);
    }
}
