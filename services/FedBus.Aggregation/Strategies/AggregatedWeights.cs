using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Strategies;

/// <summary>The new global weights a round produced: arrays this object owns, in <see cref="Layout"/> order.</summary>
public sealed class AggregatedWeights
{
    private readonly Array[] arrays;

    internal AggregatedWeights(ModelLayout layout)
    {
        Layout = layout;
        arrays = new Array[layout.Count];
        // Uninitialised: every element is written by the round (aggregated, or copied from the global model).
        for (int i = 0; i < layout.Count; i++)
            arrays[i] = layout[i].DType == WeightDType.F32
                ? GC.AllocateUninitializedArray<float>(layout[i].ElementCount)
                : GC.AllocateUninitializedArray<long>(layout[i].ElementCount);
    }

    public ModelLayout Layout { get; }

    public float[] Floats(int index) => (float[])arrays[index];

    public long[] Int64s(int index) => (long[])arrays[index];

    public float[] Floats(string name) => Floats(IndexOrThrow(name));

    public long[] Int64s(string name) => Int64s(IndexOrThrow(name));

    /// <summary>The same arrays as a <see cref="WeightSet"/> (no copy), ready for <see cref="SafeTensors.Write"/>.</summary>
    public WeightSet ToWeightSet() =>
        new(Layout.Tensors.Select((t, i) => new KeyValuePair<string, WeightTensor>(t.Name, t.DType == WeightDType.F32
            ? WeightTensor.Float32([.. t.Shape], Floats(i))
            : WeightTensor.Int64([.. t.Shape], Int64s(i)))));

    /// <summary>A read-only view of the same arrays (e.g. as the next round's global).</summary>
    public WeightsView AsView() => WeightsView.OverArrays(Layout, arrays);

    private int IndexOrThrow(string name)
    {
        int i = Layout.IndexOf(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"No tensor named '{name}'.");
    }
}
