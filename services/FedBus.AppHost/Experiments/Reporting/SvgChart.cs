using System.Globalization;
using System.Net;
using System.Text;

namespace FedBus.AppHost.Experiments.Reporting;

/// <summary>A small self-contained SVG line chart (no script, no CDN): series of (x, y) points, optional horizontal reference lines.</summary>
internal static class SvgChart
{
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series,
        IReadOnlyList<(string Name, double Y)>? references = null)
    {
        const int w = 640, h = 320, left = 56, right = 180, top = 28, bottom = 40;
        references ??= [];
        var pts = series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.Y)).ToList();
        var ys = pts.Select(p => p.Y).Concat(references.Select(r => r.Y)).Where(double.IsFinite).ToList();
        if (pts.Count == 0 || ys.Count == 0) return $"<p>{Escape(title)}: no data.</p>";
        double x0 = pts.Min(p => p.X), x1 = pts.Max(p => p.X), y0 = ys.Min(), y1 = ys.Max();
        if (x1 == x0) x1 = x0 + 1;
        double pad = Math.Max(0.005, (y1 - y0) * 0.08);
        y0 -= pad;
        y1 += pad;
        double X(double x) => left + (x - x0) / (x1 - x0) * (w - left - right);
        double Y(double y) => top + (1 - (y - y0) / (y1 - y0)) * (h - top - bottom);

        var sb = new StringBuilder();
        sb.Append(I($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"11\">"));
        sb.Append(I($"<text x=\"{left}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{Escape(title)}</text>"));
        sb.Append(I($"<rect x=\"{left}\" y=\"{top}\" width=\"{w - left - right}\" height=\"{h - top - bottom}\" fill=\"none\" stroke=\"#999\"/>"));
        for (int i = 0; i <= 4; i++)
        {
            double v = y0 + (y1 - y0) * i / 4;
            sb.Append(I($"<text x=\"{left - 4}\" y=\"{Y(v) + 4:F1}\" text-anchor=\"end\">{v:F3}</text>"));
            sb.Append(I($"<line x1=\"{left}\" x2=\"{w - right}\" y1=\"{Y(v):F1}\" y2=\"{Y(v):F1}\" stroke=\"#eee\"/>"));
        }
        foreach (var x in pts.Select(p => p.X).Distinct().Order())
            sb.Append(I($"<text x=\"{X(x):F1}\" y=\"{h - bottom + 14}\" text-anchor=\"middle\">{x:G4}</text>"));
        sb.Append(I($"<text x=\"{(left + w - right) / 2}\" y=\"{h - 6}\" text-anchor=\"middle\">{Escape(xLabel)}</text>"));
        sb.Append(I($"<text x=\"12\" y=\"{(top + h - bottom) / 2}\" transform=\"rotate(-90 12 {(top + h - bottom) / 2})\" text-anchor=\"middle\">{Escape(yLabel)}</text>"));
        int legend = 0;
        foreach (var (name, y) in references)
        {
            sb.Append(I($"<line x1=\"{left}\" x2=\"{w - right}\" y1=\"{Y(y):F1}\" y2=\"{Y(y):F1}\" stroke=\"#555\" stroke-dasharray=\"5,4\"/>"));
            Legend(sb, w - right + 8, top + 14 * legend++, "#555", name, dashed: true);
        }
        for (int s = 0; s < series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var line = series[s].Points.Where(p => double.IsFinite(p.Y)).Select(p => I($"{X(p.X):F1},{Y(p.Y):F1}"));
            sb.Append(I($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', line)}\"/>"));
            foreach (var p in series[s].Points.Where(p => double.IsFinite(p.Y)))
                sb.Append(I($"<circle cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"2.5\" fill=\"{colour}\"/>"));
            Legend(sb, w - right + 8, top + 14 * legend++, colour, series[s].Name, dashed: false);
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void Legend(StringBuilder sb, int x, int y, string colour, string name, bool dashed)
    {
        sb.Append(I($"<line x1=\"{x}\" x2=\"{x + 16}\" y1=\"{y + 6}\" y2=\"{y + 6}\" stroke=\"{colour}\" stroke-width=\"2\"{(dashed ? " stroke-dasharray=\"4,3\"" : "")}/>"));
        sb.Append(I($"<text x=\"{x + 20}\" y=\"{y + 10}\">{Escape(name)}</text>"));
    }

    private static string Escape(string s) => WebUtility.HtmlEncode(s);

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
