using FedBus.Training.Dataset;
using FedBus.Training.Jobs;
using FedBus.Training.Models;

namespace FedBus.Training.Storage;

/// <summary>Training's collections in the site's document store (underscores: LiteDB refuses '-' in collection names).</summary>
public sealed class TrainingStore(IDocumentStore store)
{
    public IDocumentCollection<TrainingCase> Cases { get; } = store.Collection<TrainingCase>("training_cases");
    public IDocumentCollection<CaseWithdrawalRecord> Withdrawals { get; } = store.Collection<CaseWithdrawalRecord>("training_withdrawals");
    public IDocumentCollection<TrainingJob> Jobs { get; } = store.Collection<TrainingJob>("training_jobs");
    public IDocumentCollection<CurrentModelRecord> CurrentModels { get; } = store.Collection<CurrentModelRecord>("training_current_models");
    public IDocumentCollection<LocalModelRecord> LocalModels { get; } = store.Collection<LocalModelRecord>("training_local_models");
    public IDocumentCollection<SplitSettings> Settings { get; } = store.Collection<SplitSettings>("training_settings");

    public static string ModelKey(string modelId) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(modelId));

    public async Task EnsureIndexesAsync(CancellationToken cancellationToken)
    {
        await Cases.EnsureIndexAsync("modelId", cancellationToken);
        await Jobs.EnsureIndexAsync("state", cancellationToken);
        await Jobs.EnsureIndexAsync("roundId", cancellationToken);
    }
}
