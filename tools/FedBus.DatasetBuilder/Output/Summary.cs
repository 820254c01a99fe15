namespace FedBus.DatasetBuilder.Output;

/// <summary>The human-readable end of a build: counts per view/split, classes, boxes, file sizes.</summary>
public static class Summary
{
    public static void Print(DatasetBuild.Built built, Action<string> log)
    {
        var m = built.Manifest;
        log("slices per view (train/test):");
        foreach (var g in m.Slices.GroupBy(s => s.View))
            log($"  {g.Key,-9} {g.Count(s => !s.Test),4} / {g.Count(s => s.Test),3}");
        log("slice classes (train/test):");
        for (int c = 0; c < m.ClassNames.Count; c++)
            log($"  {c} {m.ClassNames[c],-27} {m.Slices.Count(s => !s.Test && s.ClassLabel == c),4} / {m.Slices.Count(s => s.Test && s.ClassLabel == c),3}");
        log("detection boxes (slices with any box / boxes):");
        for (int c = 0; c < m.DetectionClassNames.Count; c++)
            log($"  {c} {m.DetectionClassNames[c],-14} {m.Slices.Count(s => s.Boxes.Any(b => b.ClassId == c)),4} / {m.Slices.Sum(s => s.Boxes.Count(b => b.ClassId == c)),4}");
        log($"  slices without boxes: {m.Slices.Count(s => s.Boxes.Count == 0)}");
        foreach (var (name, bytes) in built.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            log($"  {name,-24} {bytes.Length / 1024.0,8:0.0} KiB");
    }
}
