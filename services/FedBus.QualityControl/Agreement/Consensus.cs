using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Agreement;

/// <summary>
/// The label of several reads of one image, by majority; where there is none, the tie-breaking read decides (the first
/// read of two agreeing reads, the adjudicator of three).
/// <list type="bullet">
/// <item>Masks: per pixel, the class id more than half of the reads gave.</item>
/// <item>Classes: the class more than half of the reads gave.</item>
/// <item>Boxes: boxes of different reads are grouped by IoU (highest first, from <c>matchIoU</c>, at most one box per
/// read in a group); a group stands if more reads drew it than did not, its class is the majority of its boxes'
/// classes and its edges are the mean of theirs.</item>
/// </list>
/// The result is in canonical form: no probabilities, no scores.
/// </summary>
public static class Consensus
{
    public static ImageLabel Of(IReadOnlyList<ImageLabel> reads, int tieBreaker, double matchIoU = 0.5)
    {
        if (reads.Count == 0) throw new ArgumentException("A consensus needs at least one read.", nameof(reads));
        ArgumentOutOfRangeException.ThrowIfNegative(tieBreaker);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tieBreaker, reads.Count);
        return reads[0] switch
        {
            MaskLabel => Masks(reads.Cast<MaskLabel>().ToList(), tieBreaker),
            ClassIdLabel => new ClassIdLabel(Vote(reads.Select(r => ((ClassIdLabel)r).ClassId).ToList(), tieBreaker)),
            BoxesLabel => Boxes(reads.Cast<BoxesLabel>().ToList(), tieBreaker, matchIoU),
            _ => throw new ArgumentException($"No consensus for {reads[0].GetType().Name}.", nameof(reads)),
        };
    }

    /// <summary>The value more than half of the votes gave; otherwise the tie-breaker's.</summary>
    public static int Vote(IReadOnlyList<int> votes, int tieBreaker)
    {
        foreach (var group in votes.GroupBy(v => v))
            if (group.Count() * 2 > votes.Count) return group.Key;
        return votes[tieBreaker];
    }

    private static MaskLabel Masks(List<MaskLabel> reads, int tieBreaker)
    {
        var first = reads[0];
        if (reads.Any(r => r.Height != first.Height || r.Width != first.Width))
            throw new ArgumentException("Masks of one image must have one size.", nameof(reads));
        var result = new byte[first.ClassIds.Length];
        var n = reads.Count;
        Span<byte> votes = stackalloc byte[n];
        for (var p = 0; p < result.Length; p++)
        {
            for (var r = 0; r < n; r++) votes[r] = reads[r].ClassIds[p];
            result[p] = MajorityOrTie(votes, tieBreaker);
        }
        return new MaskLabel(first.Height, first.Width, result);
    }

    private static byte MajorityOrTie(ReadOnlySpan<byte> votes, int tieBreaker)
    {
        for (var i = 0; i < votes.Length; i++)
        {
            var count = 0;
            for (var j = 0; j < votes.Length; j++)
                if (votes[j] == votes[i]) count++;
            if (count * 2 > votes.Length) return votes[i];
        }
        return votes[tieBreaker];
    }

    private static BoxesLabel Boxes(List<BoxesLabel> reads, int tieBreaker, double matchIoU)
    {
        // Every box of every read, as (read, box).
        var all = reads.SelectMany((r, ri) => r.Boxes.Select(b => (Read: ri, Box: b))).ToList();
        var group = Enumerable.Range(0, all.Count).ToArray();
        var members = Enumerable.Range(0, all.Count).Select(i => new List<int> { i }).ToArray();

        var pairs = new List<(int I, int J, double IoU)>();
        for (var i = 0; i < all.Count; i++)
            for (var j = i + 1; j < all.Count; j++)
            {
                if (all[i].Read == all[j].Read) continue;
                var iou = all[i].Box.IoU(all[j].Box);
                if (iou >= matchIoU) pairs.Add((i, j, iou));
            }
        foreach (var (i, j, _) in pairs.OrderByDescending(p => p.IoU).ThenBy(p => p.I).ThenBy(p => p.J))
        {
            int gi = group[i], gj = group[j];
            if (gi == gj) continue;
            // One box per read in a group: a read cannot vote twice for one object.
            if (members[gi].Any(a => members[gj].Any(b => all[a].Read == all[b].Read))) continue;
            foreach (var m in members[gj]) group[m] = gi;
            members[gi].AddRange(members[gj]);
            members[gj].Clear();
        }

        var n = reads.Count;
        var result = new List<LabelBox>();
        foreach (var g in members.Where(m => m.Count > 0).OrderBy(m => m.Min()))
        {
            var drawn = g.Count;
            var tieKeeps = drawn * 2 == n && g.Any(m => all[m].Read == tieBreaker);
            if (drawn * 2 <= n && !tieKeeps) continue;
            var boxes = g.Select(m => all[m]).ToList();
            var tieIndex = boxes.FindIndex(b => b.Read == tieBreaker);
            var classId = Vote(boxes.Select(b => b.Box.ClassId).ToList(), tieIndex >= 0 ? tieIndex : 0);
            result.Add(new LabelBox(
                boxes.Average(b => b.Box.X0), boxes.Average(b => b.Box.Y0),
                boxes.Average(b => b.Box.X1), boxes.Average(b => b.Box.Y1), classId));
        }
        return new BoxesLabel(result);
    }
}
