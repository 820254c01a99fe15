using FedBus.Imaging.Labels;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Review;

/// <summary>A submitted label as read from the blob store: the label, or why it could not be read.</summary>
public sealed record LabelReading(ImageLabel? Label, QcFinding? Failure)
{
    public static LabelReading Of(ImageLabel label) => new(label, null);

    public static LabelReading Missing(string sha256) => new(null, QcFinding.Error(QcCodes.LabelMissing,
        $"The submitted label ({sha256[..Math.Min(12, sha256.Length)]}…) is not in the site's store. Submit it again."));

    public static LabelReading Unreadable(string reason) => new(null, QcFinding.Error(QcCodes.LabelUnreadable,
        $"The submitted label cannot be read: {reason}. Submit it again in a supported format."));

    public static LabelReading Decode(ReadOnlySpan<byte> bytes, string mediaType)
    {
        try
        {
            return Of(LabelCodec.Decode(bytes, mediaType));
        }
        catch (LabelFormatException e)
        {
            return Unreadable(e.Message);
        }
    }
}
