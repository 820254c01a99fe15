using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace FedBus.BrainMri.Nifti;

/// <summary>Reads single-file NIfTI-1 (.nii or .nii.gz) scalar volumes.</summary>
public static class NiftiReader
{
    private const int HeaderSize = 348;

    public static NiftiVolume Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"NIfTI file not found: {path}", path);
        var raw = File.ReadAllBytes(path);
        try
        {
            return Parse(IsGzip(raw) ? Gunzip(raw) : raw);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static NiftiVolume Parse(byte[] bytes)
    {
        if (bytes.Length < HeaderSize + 4)
            throw new InvalidDataException($"too short for a NIfTI-1 header ({bytes.Length} bytes).");
        var header = bytes[..HeaderSize];
        var h = header.AsSpan();
        bool little = BinaryPrimitives.ReadInt32LittleEndian(h) == HeaderSize;
        if (!little && BinaryPrimitives.ReadInt32BigEndian(h) != HeaderSize)
            throw new InvalidDataException("sizeof_hdr is not 348 in either byte order: not a NIfTI-1 file (NIfTI-2 is not supported).");

        var magic = Encoding.ASCII.GetString(h.Slice(344, 4)).TrimEnd('\0');
        if (magic != "n+1")
            throw new InvalidDataException(magic == "ni1"
                ? "header/image pairs (.hdr/.img, magic 'ni1') are not supported; use a single .nii file."
                : $"magic is '{magic}', expected 'n+1'.");

        short I16(int o) => little ? BinaryPrimitives.ReadInt16LittleEndian(header.AsSpan(o)) : BinaryPrimitives.ReadInt16BigEndian(header.AsSpan(o));
        float F32(int o) => little ? BinaryPrimitives.ReadSingleLittleEndian(header.AsSpan(o)) : BinaryPrimitives.ReadSingleBigEndian(header.AsSpan(o));

        int rank = I16(40);
        if (rank < 1 || rank > 7)
            throw new InvalidDataException($"dim[0] = {rank} is outside 1..7.");
        var dims = new int[8];
        for (int d = 1; d <= 7; d++)
            dims[d] = d <= rank ? I16(40 + 2 * d) : 1;
        for (int d = 4; d <= 7; d++)
            if (dims[d] > 1)
                throw new InvalidDataException($"only 3D scalar volumes are supported; dim[{d}] = {dims[d]}.");
        int nx = dims[1], ny = dims[2], nz = dims[3];
        if (nx < 1 || ny < 1 || nz < 1)
            throw new InvalidDataException($"non-positive dimension {nx}×{ny}×{nz}.");

        var datatype = (NiftiDatatype)I16(70);
        int bytesPer = datatype switch
        {
            NiftiDatatype.UInt8 or NiftiDatatype.Int8 => 1,
            NiftiDatatype.Int16 or NiftiDatatype.UInt16 => 2,
            NiftiDatatype.Int32 or NiftiDatatype.Float32 => 4,
            NiftiDatatype.Float64 => 8,
            _ => throw new InvalidDataException($"datatype code {(short)datatype} is not supported (uint8, int8, int16, uint16, int32, float32, float64 are)."),
        };

        var pixdim = new float[8];
        for (int d = 0; d < 8; d++)
            pixdim[d] = F32(76 + 4 * d);
        long offset = (long)F32(108);
        if (offset < HeaderSize + 4)
            offset = HeaderSize + 4;
        float slope = F32(112), inter = F32(116);
        if (slope == 0 || !float.IsFinite(slope))
        {
            // nifti1.h: a zero scl_slope means "no scaling".
            slope = 1;
            inter = 0;
        }
        if (!float.IsFinite(inter))
            inter = 0;

        long count = (long)nx * ny * nz;
        if (offset + count * bytesPer > bytes.Length)
            throw new InvalidDataException($"image data truncated: need {count * bytesPer} bytes from offset {offset}, file has {bytes.Length}.");

        var values = new float[count];
        var body = bytes.AsSpan((int)offset, (int)(count * bytesPer));
        for (long n = 0; n < count; n++)
        {
            var s = body.Slice((int)(n * bytesPer), bytesPer);
            double v = datatype switch
            {
                NiftiDatatype.UInt8 => s[0],
                NiftiDatatype.Int8 => (sbyte)s[0],
                NiftiDatatype.Int16 => little ? BinaryPrimitives.ReadInt16LittleEndian(s) : BinaryPrimitives.ReadInt16BigEndian(s),
                NiftiDatatype.UInt16 => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s),
                NiftiDatatype.Int32 => little ? BinaryPrimitives.ReadInt32LittleEndian(s) : BinaryPrimitives.ReadInt32BigEndian(s),
                NiftiDatatype.Float32 => little ? BinaryPrimitives.ReadSingleLittleEndian(s) : BinaryPrimitives.ReadSingleBigEndian(s),
                _ => little ? BinaryPrimitives.ReadDoubleLittleEndian(s) : BinaryPrimitives.ReadDoubleBigEndian(s),
            };
            values[n] = (float)(v * slope + inter);
        }

        short qformCode = I16(252), sformCode = I16(254);
        Affine affine;
        string source;
        if (sformCode > 0)
        {
            var m = new double[3, 4];
            for (int r = 0; r < 3; r++)
                for (int c = 0; c < 4; c++)
                    m[r, c] = F32(280 + 16 * r + 4 * c);
            affine = new Affine(m);
            source = "sform";
        }
        else if (qformCode > 0)
        {
            affine = FromQuaternion(F32(256), F32(260), F32(264), F32(268), F32(272), F32(276), pixdim);
            source = "qform";
        }
        else
        {
            var m = new double[3, 4];
            m[0, 0] = pixdim[1]; m[1, 1] = pixdim[2]; m[2, 2] = pixdim[3];
            affine = new Affine(m);
            source = "pixdim";
        }
        return new NiftiVolume(nx, ny, nz, values, affine, source, datatype, (pixdim[1], pixdim[2], pixdim[3]));
    }

    /// <summary>nifti1.h "method 2": rotation from quaternion (b,c,d), qfac in pixdim[0] flips k.</summary>
    public static Affine FromQuaternion(double b, double c, double d, double qx, double qy, double qz, float[] pixdim)
    {
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7)
        {
            a = 1.0 / Math.Sqrt(b * b + c * c + d * d);
            b *= a; c *= a; d *= a;
            a = 0;
        }
        else
        {
            a = Math.Sqrt(a);
        }
        double dx = pixdim[1] > 0 ? pixdim[1] : 1, dy = pixdim[2] > 0 ? pixdim[2] : 1, dz = pixdim[3] > 0 ? pixdim[3] : 1;
        if (pixdim[0] < 0)
            dz = -dz;
        var m = new double[3, 4];
        m[0, 0] = (a * a + b * b - c * c - d * d) * dx; m[0, 1] = 2 * (b * c - a * d) * dy; m[0, 2] = 2 * (b * d + a * c) * dz;
        m[1, 0] = 2 * (b * c + a * d) * dx; m[1, 1] = (a * a + c * c - b * b - d * d) * dy; m[1, 2] = 2 * (c * d - a * b) * dz;
        m[2, 0] = 2 * (b * d - a * c) * dx; m[2, 1] = 2 * (c * d + a * b) * dy; m[2, 2] = (a * a + d * d - c * c - b * b) * dz;
        m[0, 3] = qx; m[1, 3] = qy; m[2, 3] = qz;
        return new Affine(m);
    }

    private static bool IsGzip(byte[] b) => b.Length > 2 && b[0] == 0x1f && b[1] == 0x8b;

    private static byte[] Gunzip(byte[] raw)
    {
        using var input = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
