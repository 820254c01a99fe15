namespace FedBus.Imaging.Png;

/// <summary>
/// A decoded PNG: <see cref="Samples"/> holds <see cref="Channels"/> bytes per pixel, row-major. Palette images keep
/// their indices (one channel) and <see cref="Palette"/>; 1/2/4-bit images are unpacked to one byte per sample.
/// </summary>
public sealed record DecodedPng(int Width, int Height, int Channels, int BitDepth, int ColorType, byte[] Samples, byte[]? Palette);
