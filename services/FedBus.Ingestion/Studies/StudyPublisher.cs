using System.Security.Cryptography;
using System.Text;
using FedBus.Contracts;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults;
using MassTransit;

namespace FedBus.Ingestion.Studies;

/// <summary>
/// Publishes StudyReceived for a study's current generation and marks it complete. The message id is derived from
/// the study and generation, so a publish repeated after a crash is the same message, which consumers apply once.
/// </summary>
public sealed class StudyPublisher(StudyIndex index, IBus bus, FedBusOptions fedBus, TimeProvider time, ILogger<StudyPublisher> logger)
{
    public async Task PublishIfDueAsync(string studyInstanceUid, string why, CancellationToken cancellationToken)
    {
        var study = await index.Studies.GetAsync(studyInstanceUid, cancellationToken);
        if (study is null || study.Document.State == StudyState.Complete) return;

        var instances = await index.InstancesOfStudyAsync(studyInstanceUid, cancellationToken);
        var series = (await index.SeriesOfStudyAsync(studyInstanceUid, cancellationToken)).ToDictionary(s => s.Id, s => s.Document);
        var received = new StudyReceived(
            MessageIdFor(studyInstanceUid, study.Document.Generation),
            time.GetUtcNow(),
            fedBus.SiteId ?? "",
            studyInstanceUid,
            study.Document.Attributes.AccessionNumber,
            study.Document.Attributes.PatientId,
            study.Document.CallingAeTitle,
            instances.GroupBy(i => i.Document.SeriesInstanceUid).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                series.TryGetValue(g.Key, out var s);
                return new ReceivedSeries(g.Key, s?.Modality ?? "OT", s?.BodyPartExamined, s?.SeriesDescription,
                    g.OrderBy(i => i.Document.InstanceNumber ?? int.MaxValue).ThenBy(i => i.Id, StringComparer.Ordinal)
                        .Select(i => new ReceivedInstance(i.Id, i.Document.SopClassUid, i.Document.TransferSyntaxUid, i.Document.BlobSha256,
                            i.Document.SizeBytes, i.Document.Rows, i.Document.Columns, i.Document.NumberOfFrames, i.Document.InstanceNumber))
                        .ToList());
            }).ToList());

        await bus.Publish(received, cancellationToken);
        await index.Studies.ReplaceAsync(studyInstanceUid, study.Document with
        {
            State = StudyState.Complete,
            PublishedGeneration = study.Document.Generation,
            PublishedAt = received.OccurredAt,
            PublishedInstanceCount = instances.Count,
        }, study.Version, cancellationToken);
        logger.LogInformation("Study {StudyInstanceUid} complete ({Why}): {Series} series, {Instances} instances; StudyReceived {MessageId} published",
            studyInstanceUid, why, received.Series.Count, instances.Count, received.MessageId);
    }

    public static Guid MessageIdFor(string studyInstanceUid, int generation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"StudyReceived\n{studyInstanceUid}\n{generation}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
