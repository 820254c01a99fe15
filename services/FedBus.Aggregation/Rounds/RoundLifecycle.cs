using System.Globalization;
using FedBus.Aggregation.Strategies;
using FedBus.Contracts;

namespace FedBus.Aggregation.Rounds;

/// <summary>
/// The round state machine, plain: every step takes the stored round and what happened (an update, a deadline, a
/// candidate, a validation) and returns the round afterwards with the events to publish — no bus, no store, the clock
/// passed in. Collecting (invited sites, k = MinimumSites, the update deadline) → Aggregating once every invited site
/// answered, or at the deadline with ≥ k updates → Validating (the candidate, the validation deadline) → Published or
/// RejectedByGate; fewer than k updates → TooFewUpdates; no validation by the deadline → TimedOut; Aborted on request.
/// Each site's update is accepted once; an update for another base version, a site not invited, or after the round
/// stopped collecting is refused and the reason recorded, so late and stale updates never reach an aggregate.
/// Weights travel as claims (digest and size, no bytes): the service fills them in when it publishes.
/// </summary>
public sealed class RoundLifecycle(GateOptions gate)
{
    public GateOptions Gate { get; } = gate;

    /// <summary>Opens a round; throws <see cref="RoundRefusedException"/> when it cannot start as asked.</summary>
    public RoundTransition Open(RoundOpening o, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(o);
        try
        {
            RoundSettingsMapper.ToAggregationSettings(o.Settings);
        }
        catch (ArgumentException e)
        {
            throw new RoundRefusedException("bad-settings", e.Message, 400);
        }
        var invited = o.InvitedSites.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (invited.Count == 0)
            throw new RoundRefusedException("no-sites", "No site to invite: name the sites, or wait until sites report to the hub (or configure FedBus:Aggregation:Sites).");
        if (invited.Count < o.Settings.MinimumSites)
            throw new RoundRefusedException("too-few-sites", $"The round needs updates from at least {o.Settings.MinimumSites} sites but only {invited.Count} can be invited ({string.Join(", ", invited)}).");

        var deadline = now + o.Settings.UpdateDeadline;
        var round = new TrainingRound(
            o.RoundId, o.StartMessageId, o.RoundNumber, o.ModelId, o.ArchitectureId, o.Task, o.Labels, o.BaseVersion, o.BaseWeightsSha256, o.BaseWeightsSize,
            o.Settings, o.RequestedBy, RoundState.Collecting, invited, now, deadline, [], [], null, null, [], null, [], null, null, null, deadline);
        var started = new TrainingRoundStarted(
            AggregationIds.RoundStarted(o.RoundId), now, o.RoundId, o.RoundNumber, o.ModelId, o.ArchitectureId, o.Task, o.Labels, o.BaseVersion,
            new ModelWeights(o.BaseWeightsSha256, o.BaseWeightsSize, null), o.Settings, deadline, invited);
        return new RoundTransition(round, [started]);
    }

    /// <summary>
    /// Why <paramref name="update"/> cannot enter this round, from its metadata alone (so a refused update's weights need
    /// not be read), or null when its weights should be inspected.
    /// </summary>
    public static string? Screen(TrainingRound round, ModelUpdateSubmitted update, DateTimeOffset now)
    {
        if (round.State != RoundState.Collecting)
            return $"Arrived after the round stopped collecting updates (it is {Describe(round.State)}): a late update never enters an aggregate.";
        if (now >= round.UpdateDeadline)
            return Text($"Arrived after the round's update deadline ({round.UpdateDeadline:u}): a late update never enters an aggregate.");
        if (!string.Equals(update.ModelId, round.ModelId, StringComparison.Ordinal))
            return $"The update is for model '{update.ModelId}' but round {round.RoundNumber} trains '{round.ModelId}'.";
        if (!round.InvitedSites.Contains(update.SiteId, StringComparer.Ordinal))
            return $"Site {update.SiteId} was not invited to this round (invited: {string.Join(", ", round.InvitedSites)}).";
        if (update.BaseModelVersion != round.BaseVersion)
            return $"The update was trained from version {update.BaseModelVersion} but this round aggregates updates of version {round.BaseVersion}: a stale update never enters an aggregate.";
        if (round.Updates.Any(u => u.SiteId == update.SiteId))
            return "A second update from this site in the round: the first one counts.";
        if (update.TrainingSamples <= 0)
            return $"The site reports {update.TrainingSamples} training samples.";
        return null;
    }

    /// <summary>
    /// Records an update: accepted (with its inspection) or refused with the reason. A refused inspection (NaN, another
    /// architecture, unreadable weights) is a refusal. When every invited site has answered the round moves on.
    /// </summary>
    public RoundTransition Submit(TrainingRound round, ModelUpdateSubmitted update, string weightsSha256, UpdateInspection? inspection, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(update);
        if (update.RoundId != round.RoundId) throw new ArgumentException($"Update for round {update.RoundId} given to round {round.RoundId}.", nameof(update));
        if (round.Updates.Any(u => u.MessageId == update.MessageId) || round.Refused.Any(r => r.MessageId == update.MessageId))
            return RoundTransition.Ignore(round, "This update is recorded already.");

        var events = new List<IFedBusMessage>();
        // A deadline that passed before the sweep noticed still counts: close collecting first, then refuse as late.
        if (round.State == RoundState.Collecting && now >= round.UpdateDeadline)
        {
            var passed = DeadlinePassed(round, null, now);
            round = passed.Round;
            events.AddRange(passed.Events);
        }

        var reason = Screen(round, update, now);
        if (reason is null && inspection is null) throw new ArgumentNullException(nameof(inspection), "An update that passes the screen needs its inspection.");
        reason ??= inspection!.Reason;
        if (reason is not null)
        {
            round = round with { Refused = [.. round.Refused, new RefusedUpdate(update.SiteId, update.MessageId, update.RoundId, update.BaseModelVersion, reason, now)] };
            return AfterAnswer(round, events, now);
        }

        var accepted = new AcceptedUpdate(update.SiteId, update.MessageId, weightsSha256, update.Weights.SizeBytes, update.TrainingSamples, update.ValidationSamples,
            update.LocalEpochs, update.LocalSteps, ReportedMetric.From(update.Metrics), inspection!.TensorSquaredNorms, now);
        round = round with { Updates = [.. round.Updates, accepted] };
        return AfterAnswer(round, events, now);
    }

    /// <summary>Applies the deadline of the current state if it has passed (the sweep calls this).</summary>
    public RoundTransition DeadlinePassed(TrainingRound round, ModelSnapshot? model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        switch (round.State)
        {
            case RoundState.Collecting when now >= round.UpdateDeadline:
            {
                var silent = round.Pending;
                var note = Text($"Update deadline passed with {round.Updates.Count} accepted update(s) of {round.InvitedSites.Count} invited site(s)") +
                           (silent.Count > 0 ? $"; no answer from {string.Join(", ", silent)}." : ".");
                return round.Updates.Count >= round.Settings.MinimumSites
                    ? new RoundTransition(StartAggregating(round with { Notes = [.. round.Notes, note] }), [])
                    : Close(round with { Notes = [.. round.Notes, note] }, RoundState.TooFewUpdates,
                        $"Only {round.Updates.Count} of the at least {round.Settings.MinimumSites} updates the round needs arrived by the deadline" +
                        (silent.Count > 0 ? $" (no answer from {string.Join(", ", silent)})." : "."), now, []);
            }
            case RoundState.Validating when now >= round.ValidationDeadline:
            {
                if (model is null) throw new ArgumentNullException(nameof(model), "A validating round's deadline needs the model's current version.");
                var participants = round.Candidate!.Participants;
                var missing = participants.Where(p => round.Validations.All(v => v.SiteId != p)).ToList();
                var note = $"Validation deadline passed with {round.Validations.Count} of {participants.Count} validation(s)" +
                           (missing.Count > 0 ? $"; none from {string.Join(", ", missing)}." : ".");
                round = round with { Notes = [.. round.Notes, note] };
                return round.Validations.Count >= Gate.MinimumValidations
                    ? Decide(round, model, now)
                    : Close(round, RoundState.TimedOut,
                        $"Only {round.Validations.Count} of the at least {Gate.MinimumValidations} validation(s) the gate needs arrived by the deadline; candidate version {round.Candidate.Version} is not published.", now, []);
            }
            default:
                return RoundTransition.Ignore(round, $"No deadline has passed ({Describe(round.State)}).");
        }
    }

    /// <summary>The aggregation built a candidate: ask its participants to validate it.</summary>
    public RoundTransition CandidateBuilt(TrainingRound round, RoundCandidate candidate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(candidate);
        if (round.State != RoundState.Aggregating) return RoundTransition.Ignore(round, $"The round is {Describe(round.State)}, not aggregating.");
        var participants = candidate.Participants;
        if (participants.Count == 0)
            return Close(round with { Candidate = candidate }, RoundState.TooFewUpdates, "The aggregation included no update.", now, []);
        var deadline = now + round.Settings.ValidationDeadline;
        round = round with { State = RoundState.Validating, Candidate = candidate, ValidationDeadline = deadline, NextDeadline = deadline };
        var validate = new ValidateCandidateModel(
            AggregationIds.ValidateCandidate(round.RoundId, candidate.Version), now, round.RoundId, round.ModelId, round.ArchitectureId, candidate.Version,
            new ModelWeights(candidate.WeightsSha256, candidate.SizeBytes, null), round.BaseVersion, participants, deadline);
        return new RoundTransition(round, [validate]);
    }

    /// <summary>The aggregation could not build a candidate (e.g. too few valid updates for Krum): the round ends.</summary>
    public RoundTransition AggregationBlocked(TrainingRound round, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        if (round.State != RoundState.Aggregating) return RoundTransition.Ignore(round, $"The round is {Describe(round.State)}, not aggregating.");
        return Close(round, RoundState.TooFewUpdates, reason, now, []);
    }

    /// <summary>Records a participant's validation; when every participant has validated, the gate decides.</summary>
    public RoundTransition Validated(TrainingRound round, CandidateModelValidated validation, ModelSnapshot model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(model);
        if (round.State != RoundState.Validating) return RoundTransition.Ignore(round, $"The round is {Describe(round.State)}, not validating.");
        var candidate = round.Candidate!;
        if (validation.CandidateVersion != candidate.Version)
            return RoundTransition.Ignore(round, $"The validation scores version {validation.CandidateVersion}; the round's candidate is version {candidate.Version}.");
        if (!candidate.Participants.Contains(validation.SiteId, StringComparer.Ordinal))
            return RoundTransition.Ignore(round, $"Site {validation.SiteId} is not a participant of this round's candidate.");
        if (round.Validations.Any(v => v.SiteId == validation.SiteId))
            return RoundTransition.Ignore(round, $"Site {validation.SiteId} has validated the candidate already; the first validation counts.");
        if (now >= round.ValidationDeadline)
        {
            var passed = DeadlinePassed(round, model, now);
            return passed with { Round = passed.Round with { Notes = [.. passed.Round.Notes, $"The validation of {validation.SiteId} arrived after the deadline and was not counted."] } };
        }

        var record = new ValidationRecord(validation.SiteId, validation.MessageId, validation.ValidationCases,
            ReportedMetric.From(validation.CandidateMetrics), ReportedMetric.From(validation.CurrentMetrics), now);
        round = round with { Validations = [.. round.Validations, record] };
        return candidate.Participants.All(p => round.Validations.Any(v => v.SiteId == p))
            ? Decide(round, model, now)
            : new RoundTransition(round, []);
    }

    /// <summary>Ends an open round on request; a closed one stays as it is.</summary>
    public RoundTransition Abort(TrainingRound round, string reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (round.IsClosed) return RoundTransition.Ignore(round, $"The round is closed already ({Describe(round.State)}).");
        return Close(round, RoundState.Aborted, "Aborted: " + reason, now, []);
    }

    private RoundTransition AfterAnswer(TrainingRound round, List<IFedBusMessage> events, DateTimeOffset now)
    {
        if (round.State != RoundState.Collecting || round.Pending.Count > 0) return new RoundTransition(round, events);
        if (round.Updates.Count >= round.Settings.MinimumSites) return new RoundTransition(StartAggregating(round), events);
        var refused = round.Refused.Where(r => round.InvitedSites.Contains(r.SiteId)).Select(r => r.SiteId).Distinct().ToList();
        return Close(round, RoundState.TooFewUpdates,
            $"Every invited site answered but only {round.Updates.Count} update(s) were accepted; the round needs {round.Settings.MinimumSites}" +
            (refused.Count > 0 ? $" (refused: {string.Join(", ", refused)})." : "."), now, events);
    }

    private static TrainingRound StartAggregating(TrainingRound round) => round with { State = RoundState.Aggregating, NextDeadline = null };

    private RoundTransition Decide(TrainingRound round, ModelSnapshot model, DateTimeOffset now)
    {
        var candidate = round.Candidate!;
        var report = ValidationGate.Decide(round.Validations, Gate);
        if (report.Publish && model.CurrentVersion != round.BaseVersion)
            report = report with
            {
                Publish = false,
                Reason = $"Rejected: the current model became version {model.CurrentVersion} while the round ran (a rollback or another publication); " +
                         $"a candidate built on version {round.BaseVersion} is not published. The gate's figures: {report.Reason}",
            };
        round = round with { Gate = report };
        if (!report.Publish)
        {
            var rejected = new CandidateModelRejected(
                AggregationIds.CandidateRejected(round.RoundId), now, round.RoundId, round.ModelId, candidate.Version, model.CurrentVersion, report.Reason,
                [.. round.Validations.Select(v => new SiteValidation(v.SiteId, v.ValidationCases, ReportedMetric.ToContract(v.CandidateMetrics), ReportedMetric.ToContract(v.CurrentMetrics)))],
                Overall(report));
            return Close(round, RoundState.RejectedByGate, report.Reason, now, [rejected]);
        }

        var publication = model.Publication + 1;
        var metrics = new List<MetricValue>();
        if (report.Candidate is { } c) metrics.Add(new MetricValue(report.Metric!, c));
        metrics.Add(new MetricValue("validation-cases", report.ValidationCases));
        var published = new GlobalModelPublished(
            AggregationIds.Published(round.ModelId, publication), now, round.ModelId, round.ArchitectureId, round.Task, round.Labels, candidate.Version, publication,
            [round.BaseVersion], round.RoundId, new ModelWeights(candidate.WeightsSha256, candidate.SizeBytes, null), metrics, IsRollback: false);
        return Close(round with { PublishedVersion = candidate.Version }, RoundState.Published, report.Reason, now, [published]);
    }

    private static IReadOnlyList<MetricValue> Overall(GateReport report)
    {
        var list = new List<MetricValue>();
        if (report.Metric is { } m)
        {
            if (report.Candidate is { } c) list.Add(new($"{m}-candidate", c));
            if (report.Current is { } p) list.Add(new($"{m}-current", p));
            if (report.Change is { } d) list.Add(new($"{m}-change", d));
        }
        list.Add(new("tolerance", report.Tolerance));
        list.Add(new("validation-cases", report.ValidationCases));
        return list;
    }

    private static RoundTransition Close(TrainingRound round, RoundState state, string reason, DateTimeOffset now, IReadOnlyList<IFedBusMessage> before)
    {
        round = round with { State = state, Reason = reason, ClosedAt = now, NextDeadline = null };
        var aggregated = round.Candidate?.Participants ?? [];
        var rejected = round.Refused.Where(r => round.InvitedSites.Contains(r.SiteId)).Select(r => r.SiteId)
            .Concat(round.Candidate?.Sites.Where(s => !s.Included).Select(s => s.SiteId) ?? [])
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var closed = new TrainingRoundClosed(AggregationIds.RoundClosed(round.RoundId), now, round.RoundId, round.RoundNumber, round.ModelId,
            TrainingRound.OutcomeOf(state)!.Value, reason, aggregated, rejected, round.PublishedVersion);
        return new RoundTransition(round, [.. before, closed]);
    }

    private static string Describe(RoundState state) => state switch
    {
        RoundState.Collecting => "collecting updates",
        RoundState.Aggregating => "aggregating",
        RoundState.Validating => "validating its candidate",
        RoundState.Published => "closed: published",
        RoundState.RejectedByGate => "closed: rejected by the gate",
        RoundState.TooFewUpdates => "closed: too few updates",
        RoundState.TimedOut => "closed: timed out",
        _ => "closed: aborted",
    };

    private static string Text(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
