using FedBus.Contracts;
using FedBus.Imaging.Labels;

namespace FedBus.QualityControl.Tests;

/// <summary>AnnotationSubmitted (and AnnotationTaskCreated) messages as annotation-request would send them.</summary>
internal static class Submissions
{
    public const string SiteId = "site-test";

    public static ImageRef Image(int rows, int columns) =>
        new("1.2.826.0.1.3680043.10.99.1", "1.2.826.0.1.3680043.10.99.1.1", "1.2.826.0.1.3680043.10.99.1.1.1", 1, new string('c', 64), rows, columns, 1);

    public static AnnotationSubmitted For(
        Guid taskId, string reader, ImageLabel label, TaskKind task, LabelSchema labels, int readNumber = 1, int requiredReads = 1,
        string? labelSha = null, string? prefillSha = null, string[]? openedBecause = null, int rows = 4, int columns = 4, string modelId = "model-1",
        Guid? submissionId = null)
    {
        var encoded = LabelCodec.Encode(label);
        return new AnnotationSubmitted(
            Guid.NewGuid(), DateTimeOffset.UtcNow, SiteId, submissionId ?? Guid.NewGuid(), taskId, reader, readNumber, requiredReads,
            IsAuditSample: requiredReads > 1, task, Image(rows, columns), modelId, 3, labels,
            labelSha ?? Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(encoded.Bytes)), encoded.MediaType,
            prefillSha ?? "", openedBecause ?? (requiredReads > 1 ? ["audit-sample"] : ["uncertainty"]));
    }

    public static AnnotationTaskCreated Opened(Guid taskId, string modelId, TaskKind task, LabelSchema labels) =>
        new(Guid.NewGuid(), DateTimeOffset.UtcNow, SiteId, taskId, Guid.NewGuid(), Image(4, 4), task, modelId, 3, labels,
            new string('p', 64), LabelMediaTypes.ClassJson, [new QcFlag("uncertainty", "the model was unsure")], 0.5, false, 1,
            DateTimeOffset.UtcNow.AddDays(1));
}
