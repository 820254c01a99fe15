using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>
/// Checks one site's update against the global model it was trained from: the same architecture (tensor names,
/// dtypes, shapes), only finite values, and measures how far it moved (per tensor). One pass over the update and the
/// global model; run it when the update arrives so a bad one is refused at once, with its reason.
/// </summary>
public static class UpdateInspector
{
    public static UpdateInspection Inspect(WeightsView global, WeightsView update)
    {
        ArgumentNullException.ThrowIfNull(global);
        ArgumentNullException.ThrowIfNull(update);
        var layout = global.Layout;
        if (!layout.Matches(update.Layout))
            return UpdateInspection.Rejected("The update's architecture differs from the global model: " +
                string.Join("; ", layout.Differences(update.Layout)) + ".");

        var squared = new double[layout.Count];
        for (int t = 0; t < layout.Count; t++)
        {
            if (layout[t].DType != WeightDType.F32) continue;
            var u = update.Floats(t);
            var g = global.Floats(t);
            double sum = 0;
            for (int off = 0; off < u.Length; off += TensorKernels.MeanChunk)
            {
                int len = Math.Min(TensorKernels.MeanChunk, u.Length - off);
                sum += TensorKernels.SquaredDistance(u.Slice(off, len), g.Slice(off, len));
            }
            if (!double.IsFinite(sum)) return UpdateInspection.Rejected(NonFiniteReason(layout[t], u));
            squared[t] = sum;
        }
        return UpdateInspection.Valid(squared);
    }

    private static string NonFiniteReason(TensorSpec tensor, ReadOnlySpan<float> values)
    {
        var (nan, inf) = TensorKernels.CountNonFinite(values);
        if (nan + inf == 0)
            return $"Tensor '{tensor.Name}' moved so far from the global model that its squared change overflows float32.";
        var parts = new List<string>(2);
        if (nan > 0) parts.Add($"{nan} NaN");
        if (inf > 0) parts.Add($"{inf} infinite");
        return $"Tensor '{tensor.Name}' holds {string.Join(" and ", parts)} value{(nan + inf == 1 ? "" : "s")} (of {values.Length}).";
    }
}
