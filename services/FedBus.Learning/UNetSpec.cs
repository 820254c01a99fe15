using FedBus.Learning.Models;

namespace FedBus.Learning;

/// <summary>
/// 2-D U-Net for segmentation: <see cref="Levels"/> resolution levels with <see cref="Width"/>·2^k channels
/// (default 3 levels: 16-32-64, ≈117k parameters), two 3×3 conv+norm+ReLU per block, transposed-conv
/// up-sampling, dropout after the bottleneck and every decoder block. Loss: soft Dice (foreground
/// classes) + cross-entropy. Input height and width must be multiples of 2^(Levels−1).
/// </summary>
public sealed record UNetSpec(
    int InChannels = 1, int Classes = 2, int Levels = 3, int Width = 16, double Dropout = 0.1, NormKind Norm = NormKind.Batch) : ModelSpec
{
    public const string FamilyName = "unet2d-v1";

    public override string Family => FamilyName;
    public override TaskKind Task => TaskKind.Segmentation;
    public override int Classes { get; } = Classes;

    public override ITaskModel CreateModel(long seed)
    {
        Validate();
        return new SegmentationModel(this, seed);
    }

    public override void Validate()
    {
        Require(InChannels >= 1, "in must be ≥ 1");
        Require(Classes >= 2, "classes must be ≥ 2 (background + at least one structure)");
        Require(Levels is >= 2 and <= 6, "levels must be 2..6");
        Require(Width is >= 2 and <= 256, "width must be 2..256");
        Require(Dropout is >= 0 and < 1, "dropout must be in [0, 1)");
    }

    protected override IEnumerable<KeyValuePair<string, string>> Parameters() =>
    [
        P("in", Format(InChannels)), P("classes", Format(Classes)), P("levels", Format(Levels)),
        P("width", Format(Width)), P("dropout", Format(Dropout)), P("norm", Format(Norm)),
    ];

    internal static UNetSpec Read(SpecReader r)
    {
        var d = new UNetSpec();
        return new UNetSpec(r.Int("in", d.InChannels), r.Int("classes", d.Classes), r.Int("levels", d.Levels),
            r.Int("width", d.Width), r.Double("dropout", d.Dropout), r.Norm("norm", d.Norm));
    }
}
