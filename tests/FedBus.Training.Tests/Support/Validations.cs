using FedBus.Contracts;

namespace FedBus.Training.Tests.Support;

public static class Validations
{
    public static ValidateCandidateModel Request(Guid roundId, byte[] candidate, int candidateVersion, int currentVersion) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, roundId, TrainingHost.ModelId, TrainingHost.Architecture, candidateVersion, Rounds.Inline(candidate),
            currentVersion, [TrainingHost.SiteId], DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10));

    public static GlobalModelPublished Published(byte[] weights, int version, long publication) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, TrainingHost.ModelId, TrainingHost.Architecture, TaskKind.Segmentation,
            new LabelSchema(1, ["background", "lesion"]), version, publication, [], null, Rounds.Inline(weights), [], false);
}
