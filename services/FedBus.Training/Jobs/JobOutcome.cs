using FedBus.Contracts;
using FedBus.Training.Models;

namespace FedBus.Training.Jobs;

/// <summary>What a finished run commits with the job's completion: its message, its metrics and (training) the site's new local model.</summary>
public sealed record JobOutcome(IFedBusMessage Message, IReadOnlyList<MetricValue> Metrics, LocalModelRecord? LocalModel);
