namespace FedBus.Imaging.Labels;

/// <summary>A label's bytes and the media type that says how to read them.</summary>
public sealed record EncodedLabel(byte[] Bytes, string MediaType);
