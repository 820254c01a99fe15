using FedBus.Imaging.Geometry;
using FedBus.Learning.Cases;

namespace FedBus.Training.Images;

/// <summary>One frame as the model reads it, and the letterbox that maps the label's image grid onto it.</summary>
public sealed record CaseImage(ImageSlice Image, Letterbox Geometry);
