namespace FedBus.Dicom.Imaging;

/// <summary>The two PNG pixel formats we write.</summary>
public enum PngColorType
{
    /// <summary>8-bit grayscale (PNG colour type 0).</summary>
    Gray8,

    /// <summary>8-bit RGB (PNG colour type 2).</summary>
    Rgb24,
}
