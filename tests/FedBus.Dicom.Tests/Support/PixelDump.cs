using System.Globalization;
using System.Text;

namespace FedBus.Dicom.Tests.Support;

/// <summary>A dump2dcm image description: the stored values go in exactly as given.</summary>
public sealed record PixelDump(
    int Rows,
    int Columns,
    int BitsAllocated,
    int BitsStored,
    bool Signed,
    string Photometric,
    int Samples = 1,
    int Frames = 1,
    int Planar = 0,
    double Slope = 1,
    double Intercept = 0,
    (double Center, double Width)? Window = null)
{
    /// <summary>Raw sample words as stored (already including any bits above Bits Stored), in stored layout.</summary>
    public required long[] Raw { get; init; }

    public string ToDump()
    {
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append('\n');
        Line("(0008,0016) UI =SecondaryCaptureImageStorage");
        Line("(0008,0018) UI [1.2.826.0.1.3680043.2.1125.9." + Math.Abs(GetHashCode()).ToString(CultureInfo.InvariantCulture) + "]");
        Line($"(0028,0002) US {Samples}");
        Line($"(0028,0004) CS [{Photometric}]");
        if (Samples > 1)
        {
            Line($"(0028,0006) US {Planar}");
        }

        if (Frames > 1)
        {
            Line($"(0028,0008) IS [{Frames}]");
        }

        Line($"(0028,0010) US {Rows}");
        Line($"(0028,0011) US {Columns}");
        Line($"(0028,0100) US {BitsAllocated}");
        Line($"(0028,0101) US {BitsStored}");
        Line($"(0028,0102) US {BitsStored - 1}");
        Line($"(0028,0103) US {(Signed ? 1 : 0)}");
        if (Window is { } w)
        {
            Line(FormattableString.Invariant($"(0028,1050) DS [{w.Center}]"));
            Line(FormattableString.Invariant($"(0028,1051) DS [{w.Width}]"));
        }

        if (Slope != 1 || Intercept != 0)
        {
            Line(FormattableString.Invariant($"(0028,1052) DS [{Intercept}]"));
            Line(FormattableString.Invariant($"(0028,1053) DS [{Slope}]"));
        }

        var bytes = new List<byte>();
        foreach (var v in Raw)
        {
            for (var b = 0; b < BitsAllocated / 8; b++)
            {
                bytes.Add((byte)(v >> (8 * b)));
            }
        }

        if (BitsAllocated == 8)
        {
            if (bytes.Count % 2 == 1)
            {
                bytes.Add(0);
            }

            Line("(7fe0,0010) OB " + string.Join('\\', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))));
        }
        else
        {
            var words = Enumerable.Range(0, bytes.Count / 2).Select(i => (bytes[2 * i] | bytes[2 * i + 1] << 8).ToString("x4", CultureInfo.InvariantCulture));
            Line("(7fe0,0010) OW " + string.Join('\\', words));
        }

        return sb.ToString();
    }

    /// <summary>What the stored values must read as: masked to Bits Stored, sign-extended, interleaved.</summary>
    public int[] ExpectedStored()
    {
        var pixels = Rows * Columns;
        var result = new int[Raw.Length];
        var mask = BitsStored == 32 ? uint.MaxValue : (1u << BitsStored) - 1;
        for (var i = 0; i < Raw.Length; i++)
        {
            var frame = i / (pixels * Samples);
            var within = i % (pixels * Samples);
            var src = Planar == 1 ? frame * pixels * Samples + within % Samples * pixels + within / Samples : i;
            var v = (uint)Raw[src] & mask;
            result[i] = Signed && (v & (1u << (BitsStored - 1))) != 0 ? (int)(v | ~mask) : (int)v;
        }

        return result;
    }
}
