using FedBus.Learning.Tests.Support;

namespace FedBus.Learning.Tests;

public class ModelSpecTests
{
    [Fact]
    public void The_default_UNet_id_spells_out_every_parameter_and_parses_back_to_the_same_spec()
    {
        var spec = new UNetSpec();
        Assert.Equal("unet2d-v1:in=1,classes=2,levels=3,width=16,dropout=0.1,norm=batch", spec.ArchitectureId);
        Assert.Equal(spec, ModelSpec.Parse(spec.ArchitectureId));
    }

    [Theory]
    [InlineData("unet2d-v1:levels=4,width=8,norm=group", "unet2d-v1:in=1,classes=2,levels=4,width=8,dropout=0.1,norm=group")]
    [InlineData("resnet2d-v1:classes=4", "resnet2d-v1:in=1,classes=4,stages=3,width=16,dropout=0.2,norm=batch")]
    [InlineData("centernet2d-v1:classes=3,maxdet=10", "centernet2d-v1:in=1,classes=3,width=16,dropout=0.1,norm=batch,maxdet=10,nms=0.5")]
    [InlineData("unet2d-v1", "unet2d-v1:in=1,classes=2,levels=3,width=16,dropout=0.1,norm=batch")]
    public void Parsing_fills_defaults_and_the_id_is_canonical(string given, string canonical)
    {
        var spec = ModelSpec.Parse(given);
        Assert.Equal(canonical, spec.ArchitectureId);
        Assert.Equal(spec, ModelSpec.Parse(canonical));
    }

    [Theory]
    [InlineData("vnet3d-v1:in=1", "unknown family 'vnet3d-v1'")]
    [InlineData("unet2d-v1:depth=3", "unknown parameter(s) depth")]
    [InlineData("unet2d-v1:width=abc", "width='abc' is not an integer")]
    [InlineData("unet2d-v1:norm=layer", "norm='layer' is not 'batch' or 'group'")]
    [InlineData("unet2d-v1:width", "'width' is not key=value")]
    [InlineData("unet2d-v1:width=8,width=16", "'width' given twice")]
    public void Malformed_ids_are_rejected_with_a_message_naming_the_problem(string id, string expected)
    {
        var e = Assert.Throws<FormatException>(() => ModelSpec.Parse(id));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("unet2d-v1:classes=1", "classes must be ≥ 2")]
    [InlineData("unet2d-v1:dropout=1", "dropout must be in [0, 1)")]
    [InlineData("resnet2d-v1:stages=0", "stages must be 1..6")]
    [InlineData("centernet2d-v1:nms=0", "nms must be in (0, 1]")]
    public void Out_of_range_values_are_rejected(string id, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelSpec.Parse(id));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void The_id_alone_determines_the_parameter_count_computed_by_hand()
    {
        Torch.Init();
        // levels=3, width=16, 1 input, 2 classes; convs without bias, BN weight+bias per channel.
        long Block(long i, long o) => 9 * i * o + 2 * o + 9 * o * o + 2 * o;
        long expected = Block(1, 16) + Block(16, 32) + Block(32, 64)
            + (64 * 32 * 4 + 32) + Block(64, 32)      // up 64→32 (2×2 transposed conv + bias), decoder
            + (32 * 16 * 4 + 16) + Block(32, 16)      // up 32→16, decoder
            + (16 * 2 + 2);                           // 1×1 head
        using var model = ModelSpec.Parse("unet2d-v1").CreateModel(1);
        Assert.Equal(expected, model.ParameterCount);
        Assert.Equal(117_090, expected);
    }
}
