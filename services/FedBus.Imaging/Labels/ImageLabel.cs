namespace FedBus.Imaging.Labels;

/// <summary>A label (or a prediction) of one image, in the image's own pixel grid.</summary>
public abstract record ImageLabel;
