namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// Two images are near-duplicates when they are frames of one instance at most <c>distance</c> apart, or instances of
/// one series whose InstanceNumbers are at most <c>distance</c> apart (adjacent slices show nearly the same anatomy,
/// so a second label teaches the model little). Without an InstanceNumber only the first rule applies.
/// </summary>
public static class NearDuplicates
{
    public static bool Near(ImagePosition a, ImagePosition b, int distance)
    {
        if (distance < 0) return false;
        if (!string.Equals(a.SeriesInstanceUid, b.SeriesInstanceUid, StringComparison.Ordinal)) return false;
        if (string.Equals(a.SopInstanceUid, b.SopInstanceUid, StringComparison.Ordinal))
            return Math.Abs(a.Frame - b.Frame) <= distance;
        return a.InstanceNumber is { } x && b.InstanceNumber is { } y && Math.Abs(x - y) <= distance;
    }

    public static int Count(ImagePosition position, IEnumerable<ImagePosition> others, int distance) =>
        others.Count(o => Near(position, o, distance));
}
