using System.Buffers.Binary;
using System.IO.Compression;
using FedBus.BrainMri.Nifti;

namespace FedBus.BrainMri.Tests;

public sealed class NiftiReaderTests
{
    [Fact]
    public void Reads_gzipped_int16_and_applies_slope_and_intercept()
    {
        var values = new short[] { -3, 0, 7, 1000, -32768, 32767 };
        var bytes = new NiftiBuilder(3, 2, 1, NiftiDatatype.Int16) { Slope = 0.5f, Intercept = 10 }.Build(values.SelectMany(v => LittleEndian(v)).ToArray());
        var path = Path.Combine(Path.GetTempPath(), $"nifti-{Guid.NewGuid():N}.nii.gz");
        try
        {
            using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest))
                gz.Write(bytes);

            var volume = NiftiReader.Read(path);

            Assert.Equal((3, 2, 1), (volume.Nx, volume.Ny, volume.Nz));
            Assert.Equal(values.Select(v => v * 0.5f + 10), volume.Values);
            Assert.Equal(7 * 0.5f + 10, volume[2, 0, 0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Reads_big_endian_float32()
    {
        var values = new[] { 1.5f, -2.25f, 1e6f, 0f };
        var data = values.SelectMany(v => { var b = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(b, v); return b; }).ToArray();

        var volume = NiftiReader.Parse(new NiftiBuilder(2, 2, 1, NiftiDatatype.Float32) { BigEndian = true }.Build(data));

        Assert.Equal(values, volume.Values);
        Assert.Equal(NiftiDatatype.Float32, volume.Datatype);
    }

    [Fact]
    public void A_zero_slope_means_no_scaling()
    {
        var volume = NiftiReader.Parse(new NiftiBuilder(2, 1, 1, NiftiDatatype.UInt8) { Slope = 0, Intercept = 5 }.Build([3, 200]));

        Assert.Equal(new[] { 3f, 200f }, volume.Values);
    }

    [Fact]
    public void Sform_wins_over_qform_and_places_voxels_in_world_millimetres()
    {
        var b = new NiftiBuilder(4, 4, 4, NiftiDatatype.UInt8)
        {
            SformCode = 4,
            Srow = [[0.5f, 0, 0, -75], [0, 0.5f, 0, -107], [0, 0, 0.5f, -69.5f]],
            QformCode = 1,
            QOffset = [100, 100, 100],
        };

        var volume = NiftiReader.Parse(b.Build(new byte[64]));

        Assert.Equal("sform", volume.TransformSource);
        Assert.Equal((-74.0, -106.0, -68.5), volume.VoxelToWorld.ToWorld(2, 2, 2));
        Assert.Equal((2.0, 2.0, 2.0), volume.VoxelToWorld.ToVoxel(-74, -106, -68.5));
    }

    [Fact]
    public void Qform_quaternion_rotates_and_qfac_flips_the_slice_axis()
    {
        // 90° about z: b = c = 0, d = sin 45°; voxel +i maps to world +y.
        var b = new NiftiBuilder(2, 2, 2, NiftiDatatype.UInt8)
        {
            QformCode = 1,
            Quatern = [0, 0, (float)Math.Sin(Math.PI / 4)],
            QOffset = [10, 20, 30],
            PixDim = [-1, 2, 3, 4],
        };

        var volume = NiftiReader.Parse(b.Build(new byte[8]));

        Assert.Equal("qform", volume.TransformSource);
        var (x, y, z) = volume.VoxelToWorld.ToWorld(1, 0, 0);
        Assert.Equal(10, x, 5);
        Assert.Equal(22, y, 5);
        Assert.Equal(30, z, 5);
        var (x2, y2, z2) = volume.VoxelToWorld.ToWorld(0, 1, 1);
        Assert.Equal(7, x2, 5);  // +j → −x, 3 mm
        Assert.Equal(20, y2, 5);
        Assert.Equal(26, z2, 5); // qfac −1: +k → −z, 4 mm
    }

    [Fact]
    public void Without_sform_or_qform_the_voxel_sizes_place_the_grid()
    {
        var volume = NiftiReader.Parse(new NiftiBuilder(2, 2, 2, NiftiDatatype.UInt8) { PixDim = [1, 2, 3, 4] }.Build(new byte[8]));

        Assert.Equal("pixdim", volume.TransformSource);
        Assert.Equal((2.0, 3.0, 4.0), volume.VoxelToWorld.ToWorld(1, 1, 1));
    }

    [Fact]
    public void Trilinear_sampling_interpolates_between_voxels_and_is_zero_outside()
    {
        var volume = NiftiReader.Parse(new NiftiBuilder(2, 1, 1, NiftiDatatype.UInt8).Build([10, 30]));

        Assert.Equal(20f, volume.SampleTrilinear(0.5, 0, 0), 4);
        Assert.Equal(15f, volume.SampleTrilinear(0.25, 0, 0), 4);
        Assert.Equal(0f, volume.SampleTrilinear(5, 0, 0));
        Assert.Equal(30f, volume.SampleNearest(0.6, 0, 0));
    }

    [Theory]
    [InlineData(32, "datatype code 32")]
    [InlineData(128, "datatype code 128")]
    public void Unsupported_datatypes_are_named_in_the_error(short code, string expected)
    {
        var bytes = new NiftiBuilder(1, 1, 1, (NiftiDatatype)code).Build(new byte[8]);

        Assert.Contains(expected, Assert.Throws<InvalidDataException>(() => NiftiReader.Parse(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_image_data_is_reported_with_the_sizes()
    {
        var bytes = new NiftiBuilder(4, 4, 4, NiftiDatatype.Int16).Build(new byte[100]);

        var e = Assert.Throws<InvalidDataException>(() => NiftiReader.Parse(bytes));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("128 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_pairs_four_dimensional_images_and_foreign_files_are_refused()
    {
        var pair = new NiftiBuilder(1, 1, 1, NiftiDatatype.UInt8) { Magic = "ni1" }.Build([1]);
        var fourD = new NiftiBuilder(1, 1, 1, NiftiDatatype.UInt8) { Frames = 3 }.Build([1, 2, 3]);
        var foreign = new byte[400];

        Assert.Contains(".hdr/.img", Assert.Throws<InvalidDataException>(() => NiftiReader.Parse(pair)).Message, StringComparison.Ordinal);
        Assert.Contains("dim[4] = 3", Assert.Throws<InvalidDataException>(() => NiftiReader.Parse(fourD)).Message, StringComparison.Ordinal);
        Assert.Contains("sizeof_hdr", Assert.Throws<InvalidDataException>(() => NiftiReader.Parse(foreign)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => NiftiReader.Read("/nonexistent/brain.nii.gz"));
    }

    private static byte[] LittleEndian(short v)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteInt16LittleEndian(b, v);
        return b;
    }

    /// <summary>Writes NIfTI-1 single-file headers field by field (offsets from nifti1.h).</summary>
    private sealed class NiftiBuilder(int nx, int ny, int nz, NiftiDatatype datatype)
    {
        public bool BigEndian { get; init; }
        public float Slope { get; init; } = 1;
        public float Intercept { get; init; }
        public short QformCode { get; init; }
        public short SformCode { get; init; }
        public float[] Quatern { get; init; } = [0, 0, 0];
        public float[] QOffset { get; init; } = [0, 0, 0];
        public float[][] Srow { get; init; } = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]];
        public float[] PixDim { get; init; } = [1, 1, 1, 1];
        public string Magic { get; init; } = "n+1";
        public int Frames { get; init; } = 1;

        public byte[] Build(byte[] data)
        {
            var bytes = new byte[352 + data.Length];
            void I32(int o, int v) { if (BigEndian) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(o), v); else BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(o), v); }
            void I16(int o, short v) { if (BigEndian) BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(o), v); else BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(o), v); }
            void F32(int o, float v) { if (BigEndian) BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(o), v); else BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(o), v); }

            I32(0, 348);
            I16(40, (short)(Frames > 1 ? 4 : 3));
            I16(42, (short)nx); I16(44, (short)ny); I16(46, (short)nz); I16(48, (short)Frames);
            I16(70, (short)datatype);
            for (int d = 0; d < 4; d++)
                F32(76 + 4 * d, PixDim[d]);
            F32(108, 352);
            F32(112, Slope);
            F32(116, Intercept);
            I16(252, QformCode);
            I16(254, SformCode);
            for (int q = 0; q < 3; q++)
            {
                F32(256 + 4 * q, Quatern[q]);
                F32(268 + 4 * q, QOffset[q]);
            }
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 4; c++)
                    F32(280 + 16 * r + 4 * c, Srow[r][c]);
            System.Text.Encoding.ASCII.GetBytes(Magic).CopyTo(bytes, 344);
            data.CopyTo(bytes, 352);
            return bytes;
        }
    }
}
