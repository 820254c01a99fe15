namespace FedBus.Aggregation.Strategies;

/// <summary>
/// What the planner needs to know about one site's update, without its weights: the sample count it trained on, the
/// <see cref="UpdateInspection"/> made when it arrived, and optionally the validation score (in [0, 1], higher is better)
/// the site reported.
/// </summary>
public sealed record SiteSubmission(string SiteId, long SampleCount, UpdateInspection Inspection, double? ValidationScore = null);
