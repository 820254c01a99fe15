using FedBus.ServiceDefaults.Messaging;

namespace FedBus.Training;

/// <summary>
/// Ids of training's effects, derived from what caused them (name-based UUID, version 5), so a repeated message, a
/// republished round or a re-run after a crash names the same job, the same update and the same events.
/// </summary>
public static class TrainingIds
{
    /// <summary>The namespace of names that have no causing message (seeded cases).</summary>
    private static readonly Guid Namespace = new("8c6d3f1e-2b47-4a90-b5d8-71e0f4c2a963");

    /// <summary>One round job per round and site, whichever copy of TrainingRoundStarted arrives.</summary>
    public static string RoundJob(Guid roundId, string siteId) => DeterministicId.Derive(roundId, $"training-job\n{siteId}").ToString("N");

    /// <summary>One validation job per round, candidate version and site.</summary>
    public static string ValidationJob(Guid roundId, int candidateVersion, string siteId) =>
        DeterministicId.Derive(roundId, $"validation-job\n{siteId}\n{candidateVersion}").ToString("N");

    /// <summary>The update's id (the MessageId of ModelUpdateSubmitted): one per round and site.</summary>
    public static Guid Update(Guid roundId, string siteId) => DeterministicId.Derive(roundId, $"model-update-submitted\n{siteId}");

    public static Guid Validated(Guid roundId, int candidateVersion, string siteId) =>
        DeterministicId.Derive(roundId, $"candidate-model-validated\n{siteId}\n{candidateVersion}");

    /// <summary>A seeded case is named by its model, image and frame: the same image seeded again is the same case.</summary>
    public static Guid SeededCase(string modelId, string instanceSha256, int frame) =>
        DeterministicId.Derive(Namespace, $"seeded-case\n{modelId}\n{instanceSha256}\n{frame}");

    /// <summary>Training's seed for a round: the same round trains the same way when it is re-run after a crash.</summary>
    public static long Seed(Guid roundId, string siteId) =>
        BitConverter.ToInt64(DeterministicId.Derive(roundId, $"training-seed\n{siteId}").ToByteArray(), 0) & long.MaxValue;

    public static string CaseKey(Guid caseId) => caseId.ToString("N");

    /// <summary>The id the split and the trainer know a case by (CaseSplit hashes exactly this text).</summary>
    public static string SplitKey(Guid caseId) => caseId.ToString("D");
}
