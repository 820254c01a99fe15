using FedBus.Learning;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>Small real weight files: a two-level U-Net of FedBus.Learning, as a site would train it.</summary>
public static class TestModels
{
    public const string Architecture = "unet2d-v1:in=1,classes=2,levels=2,width=4";
    public const string Classes = "background,brain";

    /// <summary>The registry keeps the canonical id (every parameter spelled out).</summary>
    public static string CanonicalArchitecture => ModelSpec.Parse(Architecture).ArchitectureId;

    public static WeightSet Weights(long seed = 1, string architecture = Architecture)
    {
        TorchRuntime.Initialize(2);
        using var model = ModelSpec.Parse(architecture).CreateModel(seed);
        return model.ExportWeights();
    }

    public static byte[] File(long seed = 1, string architecture = Architecture, WeightSet? extra = null) =>
        SafeTensors.ToBytes(extra is null ? Weights(seed, architecture) : new WeightSet(Weights(seed, architecture).Concat(extra)),
            new WeightMetadata(architecture, "1", "", "test"));
}
