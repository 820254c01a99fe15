namespace FedBus.Learning.Signals;

/// <summary>
/// A harmless change of the input that a sound prediction should survive (test-time consistency): mirrored left to
/// right, slightly smoothed, darker or brighter mid-tones. Where the prediction does not survive it, the model is
/// guessing — also on images where MC-dropout is confident.
/// </summary>
public enum ImageVariant
{
    Mirrored,
    Smoothed,
    Darker,
    Brighter,
}
