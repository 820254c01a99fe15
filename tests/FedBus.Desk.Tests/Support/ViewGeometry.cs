using System.Globalization;

namespace FedBus.Desk.Tests.Support;

/// <summary>
/// Where the viewer shows the image: canvas origin on the page and its transform (screen = image × scale + offset), read
/// from the page. Mouse positions are whole CSS pixels; the image point the desk derives from one is computed here with
/// the same arithmetic, so the test knows exactly where its strokes landed.
/// </summary>
public sealed record ViewGeometry(double Left, double Top, double Scale, double OffsetX, double OffsetY)
{
    public static ViewGeometry Parse(IReadOnlyList<string> values) => new(
        Number(values[0]), Number(values[1]), Number(values[2]), Number(values[3]), Number(values[4]));

    /// <summary>The whole-pixel page point nearest to the image point.</summary>
    public (int X, int Y) ToPage(double imageX, double imageY) =>
        ((int)Math.Round(Left + OffsetX + imageX * Scale), (int)Math.Round(Top + OffsetY + imageY * Scale));

    /// <summary>The image point the desk computes for a page point: (clientX − rect.left − ox) / scale.</summary>
    public (double X, double Y) ToImage((int X, int Y) page) => ((page.X - Left - OffsetX) / Scale, (page.Y - Top - OffsetY) / Scale);

    /// <summary>The canvas pixel (backing store, device scale 1) at the centre of an image pixel.</summary>
    public (int X, int Y) CanvasPixelOf(int column, int row) =>
        ((int)Math.Floor(OffsetX + (column + 0.5) * Scale), (int)Math.Floor(OffsetY + (row + 0.5) * Scale));

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
