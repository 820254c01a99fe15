using FedBus.QualityControl.Review;

namespace FedBus.QualityControl.Api;

/// <summary>QC's view of one task: its state (null before any read passed… or before QC saw it) and every verdict, oldest first.</summary>
public sealed record TaskVerdictsView(Guid TaskId, TaskRecord? Task, IReadOnlyList<SubmissionRecord> Verdicts);
