using FedBus.Learning.Models;

namespace FedBus.Learning;

/// <summary>
/// Light anchor-free CenterNet-style detector: a 4-level encoder (width 1×, 2×, 4×, 4×) with one
/// up-sampling step back to output stride 4, dropout, and three heads — per-class centre heatmap
/// (sigmoid, focal loss), box size (L1) and sub-cell centre offset (L1). Decoding takes 3×3 heatmap
/// peaks, keeps the best <see cref="MaxDetections"/>, then per-class NMS at IoU <see cref="NmsIoU"/>.
/// Input height and width must be multiples of 8.
/// </summary>
public sealed record CenterNetSpec(
    int InChannels = 1, int Classes = 1, int Width = 16, double Dropout = 0.1, NormKind Norm = NormKind.Batch,
    int MaxDetections = 20, double NmsIoU = 0.5) : ModelSpec
{
    public const string FamilyName = "centernet2d-v1";

    /// <summary>Output stride of the heads (fixed in v1).</summary>
    public const int Stride = 4;

    public override string Family => FamilyName;
    public override TaskKind Task => TaskKind.Detection;
    public override int Classes { get; } = Classes;

    public override ITaskModel CreateModel(long seed)
    {
        Validate();
        return new DetectionModel(this, seed);
    }

    public override void Validate()
    {
        Require(InChannels >= 1, "in must be ≥ 1");
        Require(Classes >= 1, "classes must be ≥ 1");
        Require(Width is >= 2 and <= 256, "width must be 2..256");
        Require(Dropout is >= 0 and < 1, "dropout must be in [0, 1)");
        Require(MaxDetections is >= 1 and <= 1000, "maxdet must be 1..1000");
        Require(NmsIoU is > 0 and <= 1, "nms must be in (0, 1]");
    }

    protected override IEnumerable<KeyValuePair<string, string>> Parameters() =>
    [
        P("in", Format(InChannels)), P("classes", Format(Classes)), P("width", Format(Width)),
        P("dropout", Format(Dropout)), P("norm", Format(Norm)), P("maxdet", Format(MaxDetections)), P("nms", Format(NmsIoU)),
    ];

    internal static CenterNetSpec Read(SpecReader r)
    {
        var d = new CenterNetSpec();
        return new CenterNetSpec(r.Int("in", d.InChannels), r.Int("classes", d.Classes), r.Int("width", d.Width),
            r.Double("dropout", d.Dropout), r.Norm("norm", d.Norm), r.Int("maxdet", d.MaxDetections), r.Double("nms", d.NmsIoU));
    }
}
