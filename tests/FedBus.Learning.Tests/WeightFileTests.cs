using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Weights;
using static TorchSharp.torch;

namespace FedBus.Learning.Tests;

public class WeightFileTests
{
    private static readonly WeightMetadata Meta = new("unet2d-v1:in=1,classes=2,levels=3,width=16,dropout=0.1,norm=batch", "7", "round-3", "site-a/training");

    public WeightFileTests() => Torch.Init();

    public static TheoryData<string> Ids => ["unet2d-v1", "resnet2d-v1:classes=4", "centernet2d-v1:classes=3"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_model_loaded_from_a_weight_file_gives_bit_identical_outputs(string id)
    {
        var spec = ModelSpec.Parse(id);
        using var source = spec.CreateModel(1);
        TrainABit(source);
        var bytes = SafeTensors.ToBytes(source.ExportWeights(), Meta with { ArchitectureId = id });

        using var target = spec.CreateModel(99);
        target.ImportWeights(SafeTensors.Read(bytes).Weights);

        using var scope = NewDisposeScope();
        var x = randn([3, 1, 32, 32], generator: new Generator(5));
        source.Network.eval();
        target.Network.eval();
        var a = source.Network.forward(x).data<float>().ToArray();
        var b = target.Network.forward(x).data<float>().ToArray();
        Assert.True(MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan())), "outputs differ");
        Assert.True(source.ExportWeights().ContentEquals(target.ExportWeights()));
    }

    [Fact]
    public void Reading_and_writing_again_reproduces_the_file_byte_for_byte()
    {
        using var model = new UNetSpec().CreateModel(1);
        var meta = Meta with { Extra = new Dictionary<string, string> { ["site"] = "a", ["note"] = "ü \"quoted\"" } };
        var first = SafeTensors.ToBytes(model.ExportWeights(), meta);
        var read = SafeTensors.Read(first);
        var second = SafeTensors.ToBytes(read.Weights, read.Metadata);
        Assert.Equal(first, second);
        Assert.Equal("a", read.Metadata.Extra!["site"]);
        Assert.Equal("ü \"quoted\"", read.Metadata.Extra["note"]);
        Assert.Equal(Meta.RoundId, read.Metadata.RoundId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first.AsSpan(8 + (int)BitConverter.ToUInt64(first, 0)))), read.Metadata.PayloadSha256);
    }

    [Fact]
    public void Weights_are_exchanged_by_PyTorch_state_dict_names_with_the_BatchNorm_counter_as_int64()
    {
        using var model = new UNetSpec().CreateModel(1);
        var w = model.ExportWeights();
        Assert.Equal(WeightDType.F32, w["encoders.0.conv1.weight"].DType);
        Assert.Equal(new long[] { 16, 1, 3, 3 }, w["encoders.0.conv1.weight"].Shape);
        Assert.Equal(WeightDType.F32, w["encoders.0.norm1.running_var"].DType);
        Assert.Equal(WeightDType.I64, w["encoders.0.norm1.num_batches_tracked"].DType);
        Assert.Equal(new long[] { 64, 32, 2, 2 }, w["ups.0.weight"].Shape);
        Assert.Equal(new long[] { 2, 16, 1, 1 }, w["head.weight"].Shape);
        Assert.Equal(w.Keys.OrderBy(k => k, StringComparer.Ordinal), w.Keys);
        Assert.Equal(model.ParameterCount + 2 * (16 + 16 + 32 + 32 + 64 + 64 + 32 + 32 + 16 + 16), w.FloatCount);
    }

    [Fact]
    public void A_file_we_write_parses_with_an_independent_standard_library_Python_reader()
    {
        using var model = new UNetSpec().CreateModel(4);
        TrainABit(model);
        var weights = model.ExportWeights();
        var path = Path.Combine(Path.GetTempPath(), $"fedbus-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafeTensors.WriteFile(path, weights, Meta);
            using var doc = JsonDocument.Parse(Python.Run("safetensors_reader.py", "", path));
            var root = doc.RootElement;
            Assert.Equal(Meta.ArchitectureId, root.GetProperty("metadata").GetProperty("architecture_id").GetString());
            Assert.Equal("round-3", root.GetProperty("metadata").GetProperty("round_id").GetString());
            Assert.Equal(weights.PayloadSha256(), root.GetProperty("payload_sha256").GetString());
            Assert.Equal(0, root.GetProperty("header_bytes").GetInt64() % 8);
            var tensors = root.GetProperty("tensors");
            Assert.Equal(weights.Count, tensors.EnumerateObject().Count());
            foreach (var (name, t) in weights)
            {
                var p = tensors.GetProperty(name);
                Assert.Equal(t.Shape, p.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
                byte[] raw = t.DType == WeightDType.F32 ? MemoryMarshal.AsBytes(t.Values.AsSpan()).ToArray() : MemoryMarshal.AsBytes(t.Int64Values.AsSpan()).ToArray();
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(raw)), p.GetProperty("sha256").GetString());
                if (t.DType == WeightDType.F32)
                {
                    Assert.Equal(t.Values[0], (float)double.Parse(HexFloat(p.GetProperty("first").GetString()!), CultureInfo.InvariantCulture));
                    Assert.Equal(t.Values[^1], (float)double.Parse(HexFloat(p.GetProperty("last").GetString()!), CultureInfo.InvariantCulture));
                }
                else Assert.Equal(t.Int64Values[0].ToString(CultureInfo.InvariantCulture), p.GetProperty("first").GetString());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_flipped_payload_byte_is_reported_as_a_digest_mismatch()
    {
        using var model = new UNetSpec().CreateModel(1);
        var bytes = SafeTensors.ToBytes(model.ExportWeights(), Meta);
        bytes[^5] ^= 0x40;
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(bytes));
        Assert.Contains("Payload SHA-256", e.Message);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 }, "header length alone needs 8")]
    [InlineData(new byte[] { 200, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}' }, "does not fit")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'x' }, "not valid JSON")]
    public void Broken_files_are_rejected_with_a_specific_message(byte[] file, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(file));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Offsets_that_do_not_match_the_shape_are_rejected()
    {
        var header = """{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}}"""u8.ToArray();
        var file = BitConverter.GetBytes((ulong)header.Length).Concat(header).Concat(new byte[12]).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(file));
        Assert.Contains("needs 16 bytes but data_offsets span 12", e.Message);
    }

    [Fact]
    public void Weights_of_another_architecture_are_refused_naming_what_does_not_fit()
    {
        using var small = new UNetSpec(Width: 8).CreateModel(1);
        using var deep = new UNetSpec(Levels: 4).CreateModel(1);
        var shape = Assert.Throws<ArgumentException>(() => small.ImportWeights(new UNetSpec().CreateModel(1).ExportWeights()));
        Assert.Contains("encoders.0.conv1.weight' is F32 [16, 1, 3, 3] but", shape.Message);
        var names = Assert.Throws<ArgumentException>(() => deep.ImportWeights(new UNetSpec().CreateModel(1).ExportWeights()));
        Assert.Contains("missing [", names.Message);
        Assert.Contains("encoders.3.conv1.weight", names.Message);
    }

    private static void TrainABit(ITaskModel model)
    {
        // A few real steps so running statistics and counters are not at their initial values.
        var cases = model.Task switch
        {
            TaskKind.Segmentation => Phantoms.Segmentation(8, 32, 1),
            TaskKind.Classification => Phantoms.Classification(8, 32, 1),
            _ => Phantoms.Detection(8, 32, 1),
        };
        new FedBus.Learning.Training.Trainer(new() { MaxEpochs = 1, ValidationFraction = 0, BatchSize = 4 }).Train(model, cases);
    }

    /// <summary>Python's float.hex (e.g. 0x1.8p-3) → a decimal string .NET parses exactly.</summary>
    private static string HexFloat(string hex)
    {
        bool negative = hex.StartsWith('-');
        if (negative) hex = hex[1..];
        if (hex is "0x0.0p+0") return negative ? "-0" : "0";
        var p = hex.IndexOf('p');
        var mantissa = hex[2..p].Split('.');
        long intPart = Convert.ToInt64(mantissa[0], 16);
        string frac = mantissa.Length > 1 ? mantissa[1] : "";
        double value = intPart;
        for (int i = 0; i < frac.Length; i++) value += Convert.ToInt32(frac[i].ToString(), 16) / Math.Pow(16, i + 1);
        value = Math.ScaleB(value, int.Parse(hex[(p + 1)..], CultureInfo.InvariantCulture));
        return (negative ? -value : value).ToString("R", CultureInfo.InvariantCulture);
    }
}
