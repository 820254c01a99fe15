using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Demo;

/// <summary>
/// How a simulated radiologist turns the truth into an answer. Everyone: boundary jitter (a mask's edge pixels grow or
/// shrink by one, box edges move by a pixel or two) and an occasional miss (a quarter of the structure or a box left
/// out, a neighbouring class picked). A reader with systematic errors also counts classes from 1 on most first answers
/// and sometimes keys a class that does not exist — until QC returns the label with its reasons, then corrects it.
/// </summary>
internal sealed class ReaderHabits(bool systematicErrors, int classes, int seed)
{
    public const double MissRate = 0.05;
    public const double JitterRate = 0.3;
    public const double OneBasedRate = 0.6;
    public const double OutOfRangeRate = 0.15;

    private readonly Random random = new(seed);
    private readonly Lock gate = new();

    public bool SystematicErrors => systematicErrors;

    /// <summary>The answer to a task seen for the first time (<paramref name="corrected"/> = after QC returned it).</summary>
    public ImageLabel Answer(ImageLabel truth, bool corrected)
    {
        lock (gate)
        {
            var label = Noisy(truth);
            if (!systematicErrors || corrected) return label;
            var draw = random.NextDouble();
            if (draw < OneBasedRate) return OneBased(label);
            if (draw < OneBasedRate + OutOfRangeRate) return OutOfRange(label);
            return label;
        }
    }

    private ImageLabel Noisy(ImageLabel truth) => truth switch
    {
        MaskLabel m => Jitter(m),
        ClassIdLabel c => random.NextDouble() < MissRate && classes > 1
            ? new ClassIdLabel(c.ClassId == 0 ? 1 : c.ClassId - 1)
            : new ClassIdLabel(c.ClassId),
        BoxesLabel b => new BoxesLabel(b.Boxes
            .Where(_ => random.NextDouble() >= MissRate)
            .Select(x => Clip(new LabelBox(x.X0 + Step(), x.Y0 + Step(), x.X1 + Step(), x.Y1 + Step(), x.ClassId)))
            .Where(x => x.Width >= 1 && x.Height >= 1)
            .ToArray()),
        _ => truth,
    };

    private MaskLabel Jitter(MaskLabel m)
    {
        int h = m.Height, w = m.Width;
        var ids = (byte[])m.ClassIds.Clone();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var v = m.ClassIds[y * w + x];
                // An edge pixel: a 4-neighbour of another class. Grow or shrink the structure there.
                var neighbour = Neighbour(m.ClassIds, w, h, x, y, v);
                if (neighbour is { } other && random.NextDouble() < JitterRate)
                    ids[y * w + x] = other;
            }
        if (random.NextDouble() < MissRate)
        {
            // A miss: the radiologist left one quadrant of the structure out.
            int qx = random.Next(2), qy = random.Next(2);
            for (int y = qy * h / 2; y < (qy + 1) * h / 2; y++)
                for (int x = qx * w / 2; x < (qx + 1) * w / 2; x++)
                    ids[y * w + x] = 0;
        }
        return new MaskLabel(h, w, ids);
    }

    private static byte? Neighbour(byte[] ids, int w, int h, int x, int y, byte v)
    {
        if (x > 0 && ids[y * w + x - 1] != v) return ids[y * w + x - 1];
        if (x < w - 1 && ids[y * w + x + 1] != v) return ids[y * w + x + 1];
        if (y > 0 && ids[(y - 1) * w + x] != v) return ids[(y - 1) * w + x];
        if (y < h - 1 && ids[(y + 1) * w + x] != v) return ids[(y + 1) * w + x];
        return null;
    }

    private double Step() => random.NextDouble() < JitterRate ? random.Next(-2, 3) : 0;

    private static LabelBox Clip(LabelBox b) =>
        new(Math.Max(0, b.X0), Math.Max(0, b.Y0), Math.Min(128, b.X1), Math.Min(128, b.Y1), b.ClassId);

    /// <summary>Every class id one higher: a mask with no 0 left, a class or box class counted from 1.</summary>
    private static ImageLabel OneBased(ImageLabel label) => label switch
    {
        MaskLabel m => new MaskLabel(m.Height, m.Width, m.ClassIds.Select(v => (byte)(v + 1)).ToArray()),
        ClassIdLabel c => new ClassIdLabel(c.ClassId + 1),
        BoxesLabel b => new BoxesLabel(b.Boxes.Select(x => x with { ClassId = x.ClassId + 1 }).ToArray()),
        _ => label,
    };

    /// <summary>A class id that does not exist in the task's list (a slip of the key).</summary>
    private ImageLabel OutOfRange(ImageLabel label)
    {
        var wrong = classes + 3;
        return label switch
        {
            MaskLabel m => new MaskLabel(m.Height, m.Width, m.ClassIds.Select(v => v == 0 ? v : (byte)wrong).ToArray()),
            ClassIdLabel => new ClassIdLabel(wrong),
            BoxesLabel b when b.Boxes.Count > 0 => new BoxesLabel([b.Boxes[0] with { ClassId = wrong }, .. b.Boxes.Skip(1)]),
            _ => OneBased(label),
        };
    }
}
