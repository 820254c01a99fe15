using FedBus.Imaging.Geometry;
using FedBus.Imaging.Labels;

namespace FedBus.Imaging.Tests;

public sealed class LetterboxTests
{
    [Fact]
    public void Halving_a_square_image_gives_exactly_the_two_by_two_means()
    {
        var image = Enumerable.Range(0, 128 * 128).Select(i => (float)((i * 37) % 101)).ToArray();
        var model = new Letterbox(128, 128, 64).ImageToModel(image, pad: -1);
        for (var y = 0; y < 64; y++)
            for (var x = 0; x < 64; x++)
            {
                var expected = (image[2 * y * 128 + 2 * x] + image[2 * y * 128 + 2 * x + 1] + image[(2 * y + 1) * 128 + 2 * x] + image[(2 * y + 1) * 128 + 2 * x + 1]) / 4;
                Assert.Equal(expected, model[y * 64 + x], 4);
            }
    }

    [Fact]
    public void A_wide_image_keeps_its_proportions_and_is_padded_above_and_below()
    {
        var geometry = new Letterbox(50, 100, 64);
        Assert.Equal(0.64, geometry.Scale, 10);
        Assert.Equal(16, geometry.OffsetY, 10);
        var model = geometry.ImageToModel(Enumerable.Repeat(5f, 50 * 100).ToArray(), pad: -3);
        Assert.Equal(-3f, model[0]);
        Assert.Equal(-3f, model[15 * 64 + 30]);
        Assert.Equal(5f, model[16 * 64 + 30], 4);
        Assert.Equal(5f, model[47 * 64 + 30], 4);
        Assert.Equal(-3f, model[48 * 64 + 30]);
    }

    [Fact]
    public void Halving_a_mask_keeps_the_class_covering_most_of_each_pixel()
    {
        var ids = new byte[4 * 4];
        // Top-left 2×2: three pixels of class 2, one of 0 → 2. Top-right: two of 1, two of 0 → tie → 0.
        ids[0] = 2; ids[1] = 2; ids[4] = 2;
        ids[2] = 1; ids[6] = 1;
        var model = new Letterbox(4, 4, 2).MaskToModel(new MaskLabel(4, 4, ids));
        Assert.Equal(new byte[] { 2, 0, 0, 0 }, model);
    }

    [Fact]
    public void A_mask_sent_to_the_model_grid_and_back_keeps_its_shape()
    {
        const int rows = 181, columns = 217;
        var ids = new byte[rows * columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                ids[r * columns + c] = (byte)(Math.Pow((r - 90) / 60.0, 2) + Math.Pow((c - 110) / 80.0, 2) < 1 ? 1 : 0);
        var original = new MaskLabel(rows, columns, ids);
        var geometry = new Letterbox(rows, columns, 64);
        var back = geometry.MaskToImage(geometry.MaskToModel(original));
        Assert.Equal((rows, columns), (back.Height, back.Width));
        var inter = ids.Zip(back.ClassIds).Count(p => p.First == 1 && p.Second == 1);
        var dice = 2.0 * inter / (original.CountOf(1) + back.CountOf(1));
        Assert.True(dice > 0.97, $"Dice after the round trip {dice:F4}");
    }

    [Fact]
    public void Boxes_map_to_the_model_grid_and_back()
    {
        var geometry = new Letterbox(100, 50, 64);
        var box = new LabelBox(10, 20, 30, 60, 1);
        var model = geometry.BoxToModel(box);
        Assert.Equal(10 * 0.64 + 16, model.X0, 10);
        Assert.Equal(20 * 0.64, model.Y0, 10);
        var back = geometry.BoxToImage(model);
        Assert.Equal(box.X0, back.X0, 10);
        Assert.Equal(box.Y1, back.Y1, 10);
        Assert.Equal(0, geometry.BoxToImage(new LabelBox(0, 0, 10, 10, 0)).X1);
    }
}
