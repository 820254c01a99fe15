namespace FedBus.Imaging.Png;

/// <summary>The bytes are not a PNG this decoder reads; the message says what is wrong.</summary>
public sealed class PngFormatException(string message) : FormatException(message);
