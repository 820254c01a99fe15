using FedBus.Learning.Cases;

namespace FedBus.Learning.Predictions;

/// <summary>One detected box with its score (MC-mean heatmap probability at the box centre).</summary>
public readonly record struct Detection(BoundingBox Box, float Score);
