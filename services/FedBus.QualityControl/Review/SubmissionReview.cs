using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.QualityControl.Rules;

namespace FedBus.QualityControl.Review;

/// <summary>One submission to review, with everything the service loaded for it.</summary>
/// <param name="Existing">QC's state of the task, if it has seen it before.</param>
/// <param name="EarlierReads">The labels of the task's reads that passed before, by read number.</param>
public sealed record SubmissionReview(
    TaskRecord? Existing,
    AnnotationSubmitted Submission,
    LabelReading Reading,
    ImageLabel? Prefill,
    ReaderHistory History,
    IReadOnlyDictionary<int, ImageLabel> EarlierReads,
    bool StructureExpected,
    DateTimeOffset Now);
