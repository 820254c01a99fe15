namespace FedBus.Aggregation.Weights;

/// <summary>
/// Who uploaded a weight file to the hub's weight store (collection aggregation_weight_uploads, id = its SHA-256): the
/// sites whose service tokens PUT it. An update that names weights by digest only must name weights its own site
/// uploaded, so site B cannot plant a file under site A's update.
/// </summary>
public sealed record WeightUpload(string Sha256, IReadOnlyList<string> Sites, DateTimeOffset FirstUploadedAt);
