namespace FedBus.Imaging.Labels;

/// <summary>A submitted label cannot be read; the message is meant for the person who sent it.</summary>
public sealed class LabelFormatException(string message, Exception? inner = null) : FormatException(message, inner);
