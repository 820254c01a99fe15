using FedBus.Contracts;
using FedBus.QualityControl.Rules;

namespace FedBus.AppHost.Experiments;

/// <summary>
/// QC's label rules (services/FedBus.QualityControl/Rules, the same classes the service runs) over a site's labels, in
/// order, with the reader's recent one-based verdicts as history. A label with an error is rejected and never trains;
/// the experiment does not model the reader's resubmission, so a rejected case is simply missing.
/// </summary>
internal static class QcScreen
{
    /// <summary>The service's default window of recent verdicts per reader.</summary>
    private const int ReaderWindow = 20;

    public static QcOutcome Screen(IReadOnlyList<SubmittedLabel> labels, ExperimentTask task, IReadOnlyList<string> classNames)
    {
        var rules = new LabelRules();
        var schema = new LabelSchema(1, classNames);
        var kind = task switch
        {
            ExperimentTask.Segmentation => TaskKind.Segmentation,
            ExperimentTask.Classification => TaskKind.Classification,
            _ => TaskKind.Detection,
        };
        var recent = new Queue<bool>();
        var accepted = new List<SubmittedLabel>();
        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var caught = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var missed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int cleanRejected = 0;
        foreach (var s in labels)
        {
            var history = new ReaderHistory(recent.Count, recent.Count(x => x));
            var review = new LabelUnderReview(kind, schema, s.Case.Image.Height, s.Case.Image.Width, s.Label, Prefill: null, OpenedBecause: [], history);
            var errors = rules.Check(review).Where(f => f.IsError).ToList();
            recent.Enqueue(errors.Any(e => e.Code == QcCodes.OneBasedLabels));
            if (recent.Count > ReaderWindow) recent.Dequeue();
            if (errors.Count == 0)
            {
                accepted.Add(s);
                if (s.Corruption is { } k) Add(missed, k);
                continue;
            }
            foreach (var code in errors.Select(e => e.Code).Distinct()) Add(reasons, code);
            if (s.Corruption is { } c) Add(caught, c);
            else cleanRejected++;
        }
        return new QcOutcome(accepted, reasons, caught, missed, cleanRejected);
    }

    private static void Add(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
