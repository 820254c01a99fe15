using FedBus.Contracts;

namespace FedBus.QualityControl.Review;

/// <summary>A read of a task that passed the rules: which submission, whose, and where its label is.</summary>
public sealed record ReadRecord(
    int ReadNumber,
    Guid SubmissionId,
    string ReaderId,
    string LabelBlobSha256,
    string LabelMediaType,
    IReadOnlyList<QcFlag> Warnings,
    DateTimeOffset ReviewedAt);
