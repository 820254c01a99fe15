using FedBus.Contracts;
using FedBus.Training.Dataset;

namespace FedBus.Training.Api;

/// <summary>The seeded case: its id (from the model, the instance's digest and the frame), pool, state and, if unusable, why.</summary>
public sealed record SeedCaseResult(Guid CaseId, bool Created, bool IsValidation, CaseState State, QcFlag? Problem);
