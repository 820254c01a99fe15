using FedBus.QualityControl.Agreement;
using FedBus.QualityControl.Review;

namespace FedBus.QualityControl.Readers;

/// <summary>
/// Two readers who read the same tasks independently, for one model (collection "qc_reader_pairs"): how often they
/// agreed, their mean agreement, and for classification the K×K table of their classes, from which Cohen's κ comes.
/// Readers are kept in ordinal order, so (a, b) and (b, a) are one pair.
/// </summary>
public sealed record ReaderPairRecord(
    string ModelId,
    string ReaderA,
    string ReaderB,
    long Tasks,
    long Agreed,
    double ScoreSum,
    long[][]? ClassTable,
    DateTimeOffset UpdatedAt)
{
    public static string IdOf(string modelId, string a, string b) =>
        string.CompareOrdinal(a, b) <= 0 ? $"{modelId}\n{a}\n{b}" : $"{modelId}\n{b}\n{a}";

    public static ReaderPairRecord New(string modelId, string a, string b, DateTimeOffset now) =>
        string.CompareOrdinal(a, b) <= 0 ? new(modelId, a, b, 0, 0, 0, null, now) : new(modelId, b, a, 0, 0, 0, null, now);

    public double? MeanAgreement => Tasks == 0 ? null : ScoreSum / Tasks;

    public double? Kappa => ClassTable is null ? null : CohenKappa.Compute(ClassTable);

    public ReaderPairRecord With(PairObservation pair, int classCount, DateTimeOffset now)
    {
        var table = ClassTable;
        if (pair is { ClassA: { } ca, ClassB: { } cb } && ca >= 0 && cb >= 0 && ca < classCount && cb < classCount)
        {
            var size = Math.Max(classCount, table?.Length ?? 0);
            var grown = Enumerable.Range(0, size).Select(i => new long[size]).ToArray();
            if (table is not null)
                for (var i = 0; i < table.Length; i++) table[i].CopyTo(grown[i], 0);
            // Rows are ReaderA's classes whichever way round the pair was observed.
            var swapped = pair.ReaderA != ReaderA;
            grown[swapped ? cb : ca][swapped ? ca : cb]++;
            table = grown;
        }
        return this with
        {
            Tasks = Tasks + 1,
            Agreed = Agreed + (pair.Agree ? 1 : 0),
            ScoreSum = ScoreSum + pair.Score,
            ClassTable = table,
            UpdatedAt = now,
        };
    }
}
