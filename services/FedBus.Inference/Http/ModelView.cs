using FedBus.Contracts;

namespace FedBus.Inference.Http;

/// <summary>A configured task and the model this process runs for it (null until one is published).</summary>
public sealed record ModelView(string Task, string ModelId, TaskKind Kind, int InputSize, IReadOnlyList<string> Modalities, CurrentModelView? Current);
