namespace FedBus.DatasetBuilder.Output;

/// <summary>Contact sheets for eyeballing: ch2 | ch2better | mask-over-image | atlas (with boxes) per row.</summary>
public static class Preview
{
    public static IReadOnlyDictionary<string, byte[]> ContactSheets(DatasetBuild.Built built)
    {
        const int n = DatasetBuild.Size;
        var sheets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var view in DatasetBuild.Views)
        {
            var rows = built.Manifest.Slices.Select((s, i) => (s, i)).Where(t => t.s.View == view).ToList();
            var pick = Enumerable.Range(0, 6).Select(k => rows[k * (rows.Count - 1) / 5]).ToList();
            int w = 4 * n, h = pick.Count * n;
            var sheet = new byte[w * h];
            for (int r = 0; r < pick.Count; r++)
            {
                var (s, i) = pick[r];
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++)
                    {
                        int p = y * n + x, o = (r * n + y) * w + x;
                        sheet[o] = built.Images[i][p];
                        sheet[o + n] = built.HiResImages[i][p];
                        sheet[o + 2 * n] = built.Masks[i][p] != 0 ? (byte)Math.Min(255, built.Images[i][p] + 90) : (byte)(built.Images[i][p] / 3);
                        byte a = built.Atlas[i][p];
                        sheet[o + 3 * n] = a == 0 ? (byte)0 : (byte)(60 + a * 195 / 116);
                    }
                foreach (var b in s.Boxes)
                    for (int x = b.X0; x < b.X1; x++)
                        for (int y = b.Y0; y < b.Y1; y++)
                            if (x == b.X0 || x == b.X1 - 1 || y == b.Y0 || y == b.Y1 - 1)
                                sheet[(r * n + y) * w + 3 * n + x] = 255;
            }
            sheets[$"preview-{view}.png"] = PngWriter.Grey(sheet, w, h);
        }
        return sheets;
    }
}
