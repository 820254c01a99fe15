using System.Buffers.Binary;
using System.Text;
using FedBus.Aggregation.Strategies;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Tests;

public class WeightsViewTests
{
    private static readonly WeightSet Weights = new([
        new("b.weight", WeightTensor.Float32([2, 2], [1, 2, 3, 4])),
        new("a.num_batches_tracked", WeightTensor.Int64([], [42])),
        new("a.running_var", WeightTensor.Float32([3], [0.5f, 0.25f, 0.125f])),
    ]);

    private static byte[] File() => SafeTensors.ToBytes(Weights, new WeightMetadata("unet2d-v1", "3", "round-1", "site-a"));

    [Fact]
    public void A_view_reads_a_safetensors_file_in_place_with_the_same_values_as_the_file_reader()
    {
        var bytes = File();
        var view = WeightsView.FromSafeTensors(bytes);

        Assert.Equal(["a.num_batches_tracked", "a.running_var", "b.weight"], view.Layout.Tensors.Select(t => t.Name));
        Assert.Equal([1f, 2f, 3f, 4f], view.Floats("b.weight"));
        Assert.Equal([42L], view.Int64s("a.num_batches_tracked"));
        Assert.Equal("round-1", view.Metadata["round_id"]);
        Assert.True(SafeTensors.Read(bytes).Weights.ContentEquals(view.ToWeightSet()));

        // In place: the view's span is the file's memory.
        bytes[^1] ^= 0x40;
        Assert.NotEqual(4f, WeightsView.FromSafeTensors(bytes, verifyDigest: false).Floats("b.weight")[3]);
    }

    [Fact]
    public void A_payload_that_does_not_match_its_digest_is_refused()
    {
        var bytes = File();
        bytes[^1] ^= 0x40;
        var error = Assert.Throws<InvalidDataException>(() => WeightsView.FromSafeTensors(bytes));
        Assert.Contains("Payload SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_files_and_lying_headers_are_refused_with_the_cause()
    {
        var bytes = File();
        Assert.Contains("Tensors cover", Assert.Throws<InvalidDataException>(() => WeightsView.FromSafeTensors(bytes.AsMemory(0, bytes.Length - 4))).Message, StringComparison.Ordinal);
        Assert.Contains("does not fit", Assert.Throws<InvalidDataException>(() => WeightsView.FromSafeTensors(bytes.AsMemory(0, 20))).Message, StringComparison.Ordinal);

        var header = """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"""u8.ToArray();
        var lying = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(lying, (ulong)header.Length);
        header.CopyTo(lying, 8);
        Assert.Equal("Tensor 'w': shape [3] of F32 needs 12 bytes but data_offsets span 8.",
            Assert.Throws<InvalidDataException>(() => WeightsView.FromSafeTensors(lying)).Message);

        var f16 = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}""");
        var half = new byte[8 + f16.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(half, (ulong)f16.Length);
        f16.CopyTo(half, 8);
        Assert.Equal("Tensor 'w': dtype F16 is not supported (only F32 and I64).", Assert.Throws<InvalidDataException>(() => WeightsView.FromSafeTensors(half)).Message);
    }

    [Fact]
    public void The_aggregate_goes_back_to_a_weight_file_without_a_copy()
    {
        var view = WeightsView.FromSafeTensors(File());
        var result = Aggregator.Aggregate(new AggregationSettings(), view, [new SiteUpdate("a", 1, view)]);
        var set = result.Weights.ToWeightSet();

        Assert.Same(result.Weights.Floats("b.weight"), set["b.weight"].Values);
        Assert.True(SafeTensors.Read(SafeTensors.ToBytes(set, new WeightMetadata("unet2d-v1", "4", "round-2", "hub"))).Weights.ContentEquals(Weights));
    }
}
