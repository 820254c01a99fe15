using System.Security.Cryptography;
using System.Text;
using FedBus.Contracts;
using FedBus.Ingestion.Index;
using FedBus.ServiceDefaults;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Privacy;
using FedBus.ServiceDefaults.Storage;

namespace FedBus.Ingestion.Studies;

/// <summary>
/// Publishes StudyReceived for a study's current generation. The replica that moves the stored study from receiving to
/// complete (a replace at the version it read) is the one that publishes — the replace and the message are one unit of
/// work in the transactional outbox, so replicas announce a study once and a crash loses neither half. The
/// message id is derived from the study and generation, so a publish repeated after a crash is the same message,
/// which consumers apply once.
/// </summary>
public sealed partial class StudyPublisher(
    StudyIndex index, StudyCompletionRules rules, TransactionalOutbox outbox, FedBusOptions fedBus, TimeProvider time, IdentifierHasher hasher,
    ILogger<StudyPublisher> logger)
{
    public async Task PublishIfDueAsync(string studyInstanceUid, string why, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var now = time.GetUtcNow();
            var study = await index.Studies.GetAsync(studyInstanceUid, cancellationToken);
            if (study is null || !IsDue(study.Document, now)) return;

            // Read before the claim: a batch that changes the study after this read changes its version, so the claim fails.
            var instances = await index.InstancesOfStudyAsync(studyInstanceUid, cancellationToken);
            var series = await index.SeriesOfStudyAsync(studyInstanceUid, cancellationToken);
            if (instances.Count == 0)
            {
                // Opened by a batch that never added its instances (they failed, or went to another study): nothing to
                // announce. If they come after all, they open it again.
                try
                {
                    await index.DeleteStudyAsync(studyInstanceUid, study.Version, cancellationToken);
                }
                catch (ConcurrencyConflictException)
                {
                    continue;
                }
                return;
            }
            // The counts QIDO-RS shows are exact from here on: the study's, and each series' from the instances just read,
            // in the same unit as the claim (a replace at the version read) and the message. A study is complete exactly
            // when its StudyReceived is on its way, and a batch that changes a series meanwhile fails the claim.
            var complete = rules.Complete(study.Document, instances.Count, now) with
            {
                SeriesCount = series.Count,
                InstanceCount = instances.Count,
                Modalities = series.Select(s => s.Document.Modality).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            };
            var received = Message(study.Document, instances, series, now);
            var work = outbox.Begin(cancellationToken).Replace(index.Studies, studyInstanceUid, complete, study.Version);
            var counts = instances.CountBy(i => i.Document.SeriesInstanceUid, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
            foreach (var s in series.Where(s => s.Document.InstanceCount != counts.GetValueOrDefault(s.Id)))
                work.Replace(index.Series, s.Id, s.Document with { InstanceCount = counts.GetValueOrDefault(s.Id) }, s.Version);
            work.Publish(received);
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Another replica claimed it, or it changed: decide again on fresh state.
                continue;
            }
            LogPublished(hasher.Hash(studyInstanceUid), why, received.Series.Count, instances.Count, received.MessageId);
            return;
        }
    }

    public bool IsDue(StudyRecord study, DateTimeOffset now) => rules.IsCompleteNow(study) || rules.IsSettled(study, now);

    private StudyReceived Message(StudyRecord study, IReadOnlyList<Stored<InstanceRecord>> instances, IReadOnlyList<Stored<SeriesRecord>> series, DateTimeOffset now)
    {
        var seriesById = series.ToDictionary(s => s.Id, s => s.Document);
        return new StudyReceived(
            MessageIdFor(study.StudyInstanceUid, study.Generation),
            now,
            fedBus.SiteId ?? "",
            study.StudyInstanceUid,
            study.Attributes.AccessionNumber,
            study.CallingAeTitle,
            instances.GroupBy(i => i.Document.SeriesInstanceUid).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                seriesById.TryGetValue(g.Key, out var s);
                return new ReceivedSeries(g.Key, s?.Modality ?? "OT", s?.BodyPartExamined, s?.SeriesDescription,
                    g.OrderBy(i => i.Document.InstanceNumber ?? int.MaxValue).ThenBy(i => i.Id, StringComparer.Ordinal)
                        .Select(i => new ReceivedInstance(i.Id, i.Document.SopClassUid, i.Document.TransferSyntaxUid, i.Document.BlobSha256,
                            i.Document.SizeBytes, i.Document.Rows, i.Document.Columns, i.Document.NumberOfFrames, i.Document.InstanceNumber))
                        .ToList());
            }).ToList());
    }

    public static Guid MessageIdFor(string studyInstanceUid, int generation)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"StudyReceived\n{studyInstanceUid}\n{generation}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    [LoggerMessage(LogLevel.Information, "Study {Study} complete ({Why}): {Series} series, {Instances} instances; StudyReceived {MessageId} published")]
    private partial void LogPublished(HashedIdentifier study, string why, int series, int instances, Guid messageId);
}
