using FedBus.Learning.Cases;
using FedBus.Training.Storage;

namespace FedBus.Training.Dataset;

/// <summary>Reads a model's active cases as the trainer takes them, with their decoded inputs (cached blobs).</summary>
public sealed partial class DatasetReader(TrainingStore store, CaseIntake intake, TrainingTasks tasks, ILogger<DatasetReader> logger)
{
    public async Task<IReadOnlyList<(TrainingCase Case, LabeledCase Labeled)>> ActiveCasesAsync(string modelId, int classes, CancellationToken cancellationToken)
    {
        var size = tasks.InputSizeOf(modelId);
        var stored = await store.Cases.FindAsync(
            DocumentFilter.And(DocumentFilter.Eq("modelId", modelId), DocumentFilter.Eq("state", CaseState.Active)), cancellationToken: cancellationToken);
        var result = new List<(TrainingCase, LabeledCase)>(stored.Count);
        foreach (var s in stored)
        {
            try
            {
                var input = await intake.InputAsync(s.Document, size, classes, cancellationToken);
                result.Add((s.Document, new LabeledCase(TrainingIds.SplitKey(s.Document.CaseId), input.Image, input.Label)));
            }
            catch (CaseProblemException e)
            {
                // It fitted when it arrived but not this model (e.g. fewer classes): left out of this run only.
                CaseLeftOut(logger, s.Document.CaseId, e.Code);
            }
        }
        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Case {CaseId} is left out of this run ({Code})")]
    private static partial void CaseLeftOut(ILogger logger, Guid caseId, string code);
}
