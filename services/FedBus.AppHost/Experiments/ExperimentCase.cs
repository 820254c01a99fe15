using FedBus.Imaging.Labels;
using FedBus.Learning.Cases;

namespace FedBus.AppHost.Experiments;

/// <summary>One labelled slice of a site, as its scanner shows it; <see cref="Truth"/> is the correct label in the image's grid.</summary>
internal sealed record ExperimentCase(string CaseId, ImageSlice Image, ImageLabel Truth);
