using FedBus.Imaging.Input;
using FedBus.Learning.Imaging;
using FedBus.Inference.Tests.Support;

namespace FedBus.Inference.Tests;

/// <summary>What reaches a model and what is skipped, on real DICOM (our writer and DCMTK's encoders).</summary>
public sealed class InstanceDecoderTests : IDisposable
{
    private readonly TempDirectory dir = new();

    [Fact]
    public void An_MR_slice_decodes_to_one_grayscale_frame_in_its_stored_range()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.MrSlice(0));

        Assert.Empty(decoded.Skips);
        var frame = Assert.Single(decoded.Frames);
        Assert.Equal("MR", decoded.Modality);
        Assert.Equal((128, 128), (frame.Rows, frame.Columns));
        Assert.InRange(frame.Pixels.Max(), 3000, 4095);
        Assert.Equal(0, frame.Pixels.Min());
    }

    [Fact]
    public void A_colour_JPEG_made_by_img2dcm_is_skipped_as_colour()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.ColourJpeg(dir));

        var skip = Assert.Single(decoded.Skips);
        Assert.Equal(InputSkipCodes.Colour, skip.Code);
        Assert.Null(skip.Frame);
        Assert.Contains("YBR_FULL_422", skip.Message, StringComparison.Ordinal);
        Assert.Empty(decoded.Frames);
    }

    [Fact]
    public void An_RT_plan_is_skipped_as_having_no_pixel_data()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.RtPlan());

        Assert.Equal(InputSkipCodes.NoPixelData, Assert.Single(decoded.Skips).Code);
        Assert.Equal("RTPLAN", decoded.Modality);
    }

    [Fact]
    public void A_CT_decodes_in_Hounsfield_units_and_an_MR_only_task_refuses_its_modality()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.CtSlice());
        var policy = new InputPolicy(["MR"], 64);

        Assert.Equal(-1024, Assert.Single(decoded.Frames).Pixels.Min());
        var skip = policy.CheckModality(decoded.Modality);
        Assert.Equal(InputSkipCodes.WrongModality, skip?.Code);
        Assert.Contains("CT", skip!.Message, StringComparison.Ordinal);
        Assert.Null(new InputPolicy(["MR", "CT"], 64).CheckModality("CT"));
    }

    [Fact]
    public void A_corrupted_compressed_frame_is_skipped_as_undecodable_and_the_other_frames_are_read()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.CorruptedJpegSecondFrame(dir));

        var skip = Assert.Single(decoded.Skips);
        Assert.Equal(InputSkipCodes.UndecodableFrame, skip.Code);
        Assert.Equal(1, skip.Frame);
        Assert.Equal([0, 2], decoded.Frames.Select(f => f.Frame));
        // JPEG lossless: the intact frames are the stored values exactly.
        var native = InstanceDecoder.Decode(TestDicom.MrSlice(3, frames: 3));
        Assert.Equal(native.Frames[0].Pixels, decoded.Frames[0].Pixels);
    }

    [Fact]
    public void MONOCHROME1_is_inverted_so_that_higher_is_brighter_as_in_MONOCHROME2()
    {
        var mono2 = Assert.Single(InstanceDecoder.Decode(TestDicom.MrSlice(5)).Frames).Pixels;
        var mono1 = Assert.Single(InstanceDecoder.Decode(TestDicom.MrSlice(5, photometric: "MONOCHROME1")).Frames).Pixels;

        // Stored 4095 − v, inverted over the frame's own range: the same picture up to the offset of the range.
        var offset = mono1[0] - mono2[0];
        Assert.All(Enumerable.Range(0, mono2.Length), i => Assert.Equal(mono2[i] + offset, mono1[i], 1e-3f));
    }

    [Fact]
    public void A_non_square_image_is_letterboxed_into_the_model_input_padded_with_its_background()
    {
        var pixels = Enumerable.Range(0, 64 * 128).Select(i => i % 128 / 127f).ToArray();
        var frame = Assert.Single(InstanceDecoder.Decode(TestDicom.MrSlice(0, pixels: pixels, rows: 64, columns: 128)).Frames);

        var input = ModelInput.From(frame, 64);

        Assert.Equal((64, 64), (input.Image.Height, input.Image.Width));
        Assert.Equal(0.5, input.Geometry.Scale);
        // Rows 0–15 and 48–63 are padding (the frame's minimum); the image occupies the middle.
        Assert.All(input.Image.Pixels.AsSpan(0, 16 * 64).ToArray(), v => Assert.Equal(frame.Pixels.Min(), v));
        Assert.True(input.Image.Pixels[32 * 64 + 63] > input.Image.Pixels[32 * 64]);
    }

    [Fact]
    public void Bytes_that_are_not_DICOM_are_skipped_as_unreadable()
    {
        var decoded = InstanceDecoder.Decode("this is a PDF, not an image"u8.ToArray());

        Assert.Equal(InputSkipCodes.UnreadableInstance, Assert.Single(decoded.Skips).Code);
    }

    [Fact]
    public void A_frame_of_one_value_is_skipped_as_blank()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.MrSlice(0, pixels: new float[128 * 128]));

        Assert.Equal(InputSkipCodes.BlankFrame, Assert.Single(decoded.Skips).Code);
    }

    [Fact]
    public void Frames_beyond_the_limit_are_recorded_as_not_read()
    {
        var decoded = InstanceDecoder.Decode(TestDicom.MrSlice(1, frames: 3), maxFrames: 2);

        Assert.Equal(2, decoded.Frames.Count);
        Assert.Equal(InputSkipCodes.TooManyFrames, Assert.Single(decoded.Skips).Code);
    }

    public void Dispose() => dir.Dispose();
}
