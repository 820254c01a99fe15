namespace FedBus.Dicom.Tests.Support;

/// <summary>Small images covering the pixel formats: bit depths, signedness, masking, colour, frames.</summary>
public static class ImageCatalog
{
    private static readonly Dictionary<string, PixelDump> All = new()
    {
        // 12 bits stored in 16 with garbage in the top 4 bits: must be masked away.
        ["mono16-ct"] = new PixelDump(4, 5, 16, 12, Signed: false, "MONOCHROME2", Slope: 1, Intercept: -1024, Window: (40, 400))
        {
            Raw = Sequence(20, i => (i * 211 % 4096) | (i % 3 == 0 ? 0xF000 : 0)),
        },
        ["mono16-signed"] = new PixelDump(3, 4, 16, 16, Signed: true, "MONOCHROME2")
        {
            Raw = Sequence(12, i => (ushort)(short)(i * 5000 - 30000)),
        },
        ["mono12-signed"] = new PixelDump(3, 4, 16, 12, Signed: true, "MONOCHROME2")
        {
            Raw = Sequence(12, i => (ushort)((i * 700 - 2048) & 0x0FFF)),
        },
        ["mono8"] = new PixelDump(5, 3, 8, 8, Signed: false, "MONOCHROME1")
        {
            Raw = Sequence(15, i => i * 17 % 256),
        },
        ["mono16-multiframe"] = new PixelDump(3, 3, 16, 16, Signed: false, "MONOCHROME2", Frames: 3)
        {
            Raw = Sequence(27, i => i * 2400 % 65536),
        },
        ["rgb8"] = new PixelDump(2, 3, 8, 8, Signed: false, "RGB", Samples: 3)
        {
            Raw = Sequence(18, i => i * 13 % 256),
        },
        ["rgb8-planar"] = new PixelDump(2, 3, 8, 8, Signed: false, "RGB", Samples: 3, Planar: 1, Frames: 2)
        {
            Raw = Sequence(36, i => i * 7 % 256),
        },
        // OpenJPEG (inside GDCM) crashes encoding images smaller than its resolution pyramid: J2K cases use 64x64.
        ["mono16-64"] = new PixelDump(64, 64, 16, 12, Signed: false, "MONOCHROME2")
        {
            Raw = Sequence(64 * 64, i => (i % 64 * 53 + i / 64 * 31) % 4096),
        },
        ["rgb8-64"] = new PixelDump(64, 64, 8, 8, Signed: false, "RGB", Samples: 3)
        {
            Raw = Sequence(64 * 64 * 3, i => (i % 192 + i / 192 * 3) % 256),
        },
        ["mono8-64-multiframe"] = new PixelDump(64, 64, 8, 8, Signed: false, "MONOCHROME2", Frames: 3)
        {
            Raw = Sequence(64 * 64 * 3, i => (i * 7 + i / 4096 * 50) % 256),
        },
        ["mono32"] = new PixelDump(2, 2, 32, 32, Signed: true, "MONOCHROME2")
        {
            Raw = [-5, 100000, int.MaxValue, int.MinValue],
        },
    };

    public static IEnumerable<string> Names => All.Keys;

    public static PixelDump Get(string name) => All[name];

    private static long[] Sequence(int n, Func<int, long> f) => Enumerable.Range(0, n).Select(f).ToArray();
}
