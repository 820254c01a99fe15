using FedBus.ServiceDefaults.Federation.Weights;
using FedBus.Aggregation.Profiles;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Rounds;
using FedBus.Aggregation.Strategies;
using FedBus.Aggregation.Weights;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Messaging.Outbox;
using FedBus.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FedBus.Aggregation.Persistence;

/// <summary>
/// Applies the round state machine to stored rounds: load, decide (<see cref="RoundLifecycle"/>), then the round, the
/// model and version records it changes and its events as one unit of work, with the versions that were read — so a
/// competing writer (a consumer, the sweep, the aggregation job, an HTTP call, another replica) makes this one decide
/// again on what is stored now. Consumers pass their own unit (committed with their inbox record).
/// </summary>
public sealed class RoundCommands(
    AggregationStore store, RoundLifecycle lifecycle, TransactionalOutbox outbox, SiteDirectory sites, WeightClaimCheck claims,
    GlobalWeightsCache globals, OutgoingWeights outgoing, [FromKeyedServices(AggregationClock.Key)] TimeProvider time, ILogger<RoundCommands> logger)
{
    private const int Attempts = 5;

    public RoundLifecycle Lifecycle => lifecycle;

    /// <summary>
    /// Starts a round for an HTTP request or the schedule; the same command id again returns the round it started.
    /// Throws <see cref="RoundRefusedException"/> when it cannot start.
    /// </summary>
    public async Task<(TrainingRound Round, bool Created)> StartAsync(StartTrainingRound command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.RoundAsync(AggregationIds.Round(command.MessageId), cancellationToken) is { } existing) return (existing.Document, false);
            var work = outbox.Begin(cancellationToken);
            var round = await StageStartAsync(command, work, cancellationToken);
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
                AggregationLog.RoundStarted(logger, round.RoundId, round.RoundNumber, round.ModelId, round.BaseVersion, round.InvitedSites.Count, round.Settings.Strategy.ToString());
                return (round, true);
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException && attempt < Attempts)
            {
                // Another start (or a round closing) changed the model since we read it: decide again.
            }
        }
    }

    /// <summary>Stages a round's start on <paramref name="work"/>; throws <see cref="RoundRefusedException"/> when it cannot start.</summary>
    public async Task<TrainingRound> StageStartAsync(StartTrainingRound command, UnitOfWork work, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var model = await store.ModelAsync(command.ModelId, cancellationToken)
            ?? throw new RoundRefusedException("no-such-model", $"The hub has no model '{command.ModelId}': import its version 1 first.", 404);
        var m = model.Document;
        if (m.ActiveRoundId is { } active)
        {
            var running = (await store.RoundAsync(active, cancellationToken))?.Document;
            throw new RoundRefusedException("round-in-progress",
                $"Round {running?.RoundNumber} ({active}) of '{m.ModelId}' is still {running?.State.ToString() ?? "open"}: one round at a time.");
        }
        var current = (await store.VersionAsync(m.ModelId, m.CurrentVersion, cancellationToken))?.Document
            ?? throw new InvalidOperationException($"Model '{m.ModelId}' names version {m.CurrentVersion} as current but the registry has no such version.");
        var invited = command.Sites is { Count: > 0 } named ? named : await sites.LiveAsync(now, cancellationToken);
        var roundId = AggregationIds.Round(command.MessageId);
        var opening = new RoundOpening(roundId, command.MessageId, m.RoundsStarted + 1, m.ModelId, m.ArchitectureId, m.Task, m.Labels, m.CurrentVersion,
            current.WeightsSha256, current.SizeBytes, command.Settings, invited, string.IsNullOrWhiteSpace(command.RequestedBy) ? "unknown" : command.RequestedBy);
        var t = lifecycle.Open(opening, now);
        work.Insert(store.Rounds, roundId.ToString(), t.Round);
        work.Replace(store.Models, m.ModelId, m with { ActiveRoundId = roundId, RoundsStarted = m.RoundsStarted + 1, LastRoundStartedAt = now }, model.Version);
        await PublishAsync(work, t.Events, cancellationToken);
        return t.Round;
    }

    /// <summary>
    /// Stages what a site's update does to its round: accepted (weights resolved, SHA-256 checked, inspected against the
    /// round's base weights) or refused with the reason; an update for an unknown round is kept as a stray.
    /// Returns the round afterwards (null for a stray).
    /// </summary>
    public async Task<TrainingRound?> StageUpdateAsync(ModelUpdateSubmitted update, UnitOfWork work, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await sites.TouchAsync(work, update.SiteId, now, cancellationToken);
        var stored = await store.RoundAsync(update.RoundId, cancellationToken);
        if (stored is null)
        {
            AggregationLog.StrayUpdate(logger, update.MessageId, update.SiteId, update.RoundId);
            if (await store.StrayUpdates.GetAsync(update.MessageId.ToString(), cancellationToken) is null)
                work.Insert(store.StrayUpdates, update.MessageId.ToString(), new StrayUpdate(update.MessageId, update.SiteId, update.RoundId, update.ModelId,
                    update.BaseModelVersion, "The hub knows no round with this id (another federation, or a round from before a reset).", now));
            return null;
        }

        var round = stored.Document;
        UpdateInspection? inspection = null;
        if (RoundLifecycle.Screen(round, update, now) is null)
            inspection = await InspectAsync(round, update, cancellationToken);
        var t = lifecycle.Submit(round, update, update.Weights?.WeightsSha256 ?? "", inspection, now);
        if (!t.Changed)
        {
            AggregationLog.Ignored(logger, nameof(ModelUpdateSubmitted), round.RoundId, t.Ignored!);
            return round;
        }
        if (t.Round.Updates.Any(u => u.MessageId == update.MessageId)) AggregationLog.UpdateAccepted(logger, round.RoundId, update.SiteId);
        else AggregationLog.UpdateRefused(logger, round.RoundId, update.SiteId, t.Round.Refused.Last(r => r.MessageId == update.MessageId).Reason);
        await StageTransitionAsync(work, stored, t, null, cancellationToken);
        return t.Round;
    }

    /// <summary>Stages a participant's validation; the last one (or the deadline) lets the gate decide.</summary>
    public async Task StageValidationAsync(CandidateModelValidated validation, UnitOfWork work, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await sites.TouchAsync(work, validation.SiteId, now, cancellationToken);
        var stored = await store.RoundAsync(validation.RoundId, cancellationToken);
        if (stored is null)
        {
            AggregationLog.Ignored(logger, nameof(CandidateModelValidated), validation.RoundId, "the hub knows no such round");
            return;
        }
        var model = await ModelOfAsync(stored.Document, cancellationToken);
        var t = lifecycle.Validated(stored.Document, validation, Snapshot(model.Document), now);
        if (!t.Changed)
        {
            AggregationLog.Ignored(logger, nameof(CandidateModelValidated), validation.RoundId, t.Ignored!);
            return;
        }
        await StageTransitionAsync(work, stored, t, model, cancellationToken);
    }

    /// <summary>Applies every passed deadline in the store; returns how many rounds changed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var changed = 0;
        foreach (var due in await store.DueAsync(time.GetUtcNow(), cancellationToken))
        {
            var t = await ChangeAsync(due.Document.RoundId, "deadline", (round, model, now) => lifecycle.DeadlinePassed(round, Snapshot(model), now), cancellationToken);
            if (t?.Changed == true) changed++;
        }
        return changed;
    }

    public async Task<TrainingRound?> AbortAsync(Guid roundId, string reason, CancellationToken cancellationToken) =>
        (await ChangeAsync(roundId, "abort", (round, _, now) => lifecycle.Abort(round, reason, now), cancellationToken))?.Round;

    /// <summary>The aggregation could not build a candidate: the round ends with the reason.</summary>
    public Task BlockedAsync(Guid roundId, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(roundId, "aggregation blocked", (round, _, now) => lifecycle.AggregationBlocked(round, reason, now), cancellationToken);

    /// <summary>
    /// Commits a candidate the aggregation job built from the round as it read it: the round to validating (its
    /// ValidateCandidateModel), the version record, and the model's latest version number. False when the round or the
    /// model changed meanwhile (the job decides again).
    /// </summary>
    public async Task<bool> CandidateBuiltAsync(Stored<TrainingRound> read, Stored<ModelRecord> model, RoundCandidate candidate, ModelVersion version, CancellationToken cancellationToken)
    {
        var t = lifecycle.CandidateBuilt(read.Document, candidate, time.GetUtcNow());
        if (!t.Changed)
        {
            AggregationLog.Ignored(logger, "candidate", read.Document.RoundId, t.Ignored!);
            return true;
        }
        var work = outbox.Begin(cancellationToken);
        work.Insert(store.Versions, ModelVersion.IdOf(version.ModelId, version.Version), t.Round.IsClosed ? version with { Status = VersionStatus.Rejected, Reason = t.Round.Reason } : version);
        await StageTransitionAsync(work, read, t, model, cancellationToken, m => m with { LatestVersion = Math.Max(m.LatestVersion, version.Version) });
        try
        {
            await outbox.CommitAsync(work, cancellationToken);
            AggregationLog.RoundChanged(logger, read.Document.RoundId, $"candidate version {candidate.Version} built", t.Round.State);
            return true;
        }
        catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException)
        {
            return false;
        }
    }

    private async Task<RoundTransition?> ChangeAsync(Guid roundId, string action, Func<TrainingRound, ModelRecord, DateTimeOffset, RoundTransition> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.RoundAsync(roundId, cancellationToken);
            if (stored is null) return null;
            var model = await ModelOfAsync(stored.Document, cancellationToken);
            var t = change(stored.Document, model.Document, time.GetUtcNow());
            if (!t.Changed) return t;
            var work = outbox.Begin(cancellationToken);
            await StageTransitionAsync(work, stored, t, model, cancellationToken);
            try
            {
                await outbox.CommitAsync(work, cancellationToken);
                AggregationLog.RoundChanged(logger, roundId, action, t.Round.State);
                return t;
            }
            catch (Exception e) when (e is ConcurrencyConflictException or DuplicateDocumentException && attempt < Attempts)
            {
                // Someone else changed the round or its model: decide again on what is stored now.
            }
        }
    }

    /// <summary>
    /// Stages a transition: the round replaced at the version read; when it closes, the model's round slot freed and,
    /// for a published candidate, the model's current version, publication and server state moved on and the version
    /// marked published (a candidate that is not published: marked rejected, the privacy it spent kept); then the events.
    /// </summary>
    private async Task StageTransitionAsync(
        UnitOfWork work, Stored<TrainingRound> before, RoundTransition t, Stored<ModelRecord>? model, CancellationToken cancellationToken,
        Func<ModelRecord, ModelRecord>? alsoModel = null)
    {
        var round = t.Round;
        work.Replace(store.Rounds, before.Id, round, before.Version);
        var closing = round.IsClosed && !before.Document.IsClosed;
        if (closing || alsoModel is not null)
        {
            model ??= await ModelOfAsync(round, cancellationToken);
            var m = model.Document;
            var updated = alsoModel?.Invoke(m) ?? m;
            if (closing)
            {
                updated = updated with { ActiveRoundId = m.ActiveRoundId == round.RoundId ? null : m.ActiveRoundId };
                if (round.Candidate is { } candidate && await store.VersionAsync(round.ModelId, candidate.Version, cancellationToken) is { } version)
                {
                    var figures = WithValidations(version.Document.Sites, round.Validations);
                    if (round.State == RoundState.Published)
                    {
                        updated = updated with { CurrentVersion = candidate.Version, Publication = m.Publication + 1, ServerStateSha256 = candidate.ServerStateIfPublished ?? m.ServerStateSha256 };
                        work.Replace(store.Versions, version.Id, version.Document with
                        {
                            Status = VersionStatus.Published, Sites = figures, Gate = round.Gate, Reason = round.Reason,
                            Publications = [.. version.Document.Publications, new VersionPublication(m.Publication + 1, round.ClosedAt!.Value, false, round.RequestedBy, null)],
                        }, version.Version);
                    }
                    else
                    {
                        // Not published, but it went to the sites: the privacy its noise cost stays spent.
                        updated = updated with { ServerStateSha256 = candidate.ServerStateIfRejected ?? m.ServerStateSha256 };
                        work.Replace(store.Versions, version.Id, version.Document with { Status = VersionStatus.Rejected, Sites = figures, Gate = round.Gate, Reason = round.Reason }, version.Version);
                    }
                }
                AggregationLog.RoundClosed(logger, round.RoundId, round.State, round.Reason ?? "");
            }
            work.Replace(store.Models, model.Id, updated, model.Version);
        }
        await PublishAsync(work, t.Events, cancellationToken);
    }

    private static IReadOnlyList<SiteVersionFigures> WithValidations(IReadOnlyList<SiteVersionFigures> sites, IReadOnlyList<ValidationRecord> validations) =>
        [.. sites.Select(s => validations.FirstOrDefault(v => v.SiteId == s.SiteId) is { } v
            ? s with { ValidationCases = v.ValidationCases, ValidationMetrics = v.CandidateMetrics, PreviousModelMetrics = v.CurrentMetrics }
            : s)];

    private async Task PublishAsync(UnitOfWork work, IReadOnlyList<IFedBusMessage> events, CancellationToken cancellationToken)
    {
        foreach (var e in events) work.Publish(await outgoing.PackAsync(e, cancellationToken));
    }

    private async Task<UpdateInspection> InspectAsync(TrainingRound round, ModelUpdateSubmitted update, CancellationToken cancellationToken)
    {
        if (update.Weights is null) return UpdateInspection.Rejected("The update carries no weights.");
        // Weights named by digest alone must be this site's own upload: otherwise another site's file would enter under its name.
        if (update.Weights.Inline is null && !await store.UploadedByAsync(update.Weights.WeightsSha256 ?? "", update.SiteId, cancellationToken))
            return UpdateInspection.Rejected($"Site {update.SiteId} did not upload the weights {update.Weights.WeightsSha256} it names to the hub's weight store " +
                "(an update by digest may only name weights its own site uploaded with its own token).");
        WeightsView view;
        try
        {
            var bytes = await claims.ResolveAsync(update.Weights, cancellationToken);
            view = WeightsView.FromSafeTensors(bytes);
        }
        catch (WeightsUnavailableException e)
        {
            return UpdateInspection.Rejected("The update's weights cannot be read: " + e.Message);
        }
        catch (InvalidDataException e)
        {
            return UpdateInspection.Rejected("The update's weights are not a readable safetensors file: " + e.Message);
        }
        var global = await globals.NetworkAsync(round.BaseWeightsSha256, round.BaseWeightsSize, cancellationToken);
        return UpdateInspector.Inspect(global, ProfileTensors.Network(view));
    }

    private async Task<Stored<ModelRecord>> ModelOfAsync(TrainingRound round, CancellationToken cancellationToken) =>
        await store.ModelAsync(round.ModelId, cancellationToken)
        ?? throw new InvalidOperationException($"Round {round.RoundId} belongs to model '{round.ModelId}', which the registry does not have.");

    private static ModelSnapshot Snapshot(ModelRecord m) => new(m.CurrentVersion, m.Publication);
}
