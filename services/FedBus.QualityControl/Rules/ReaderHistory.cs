namespace FedBus.QualityControl.Rules;

/// <summary>What QC remembers of a reader's recent submissions for one model, as far as rules use it.</summary>
/// <param name="RecentSubmissions">How many recent verdicts this summary covers.</param>
/// <param name="RecentOneBased">How many of them were one-based labels.</param>
public sealed record ReaderHistory(int RecentSubmissions, int RecentOneBased)
{
    public static ReaderHistory None { get; } = new(0, 0);

    /// <summary>The reader's tool or habit counted classes from 1 lately, so an id one past the list is likely the same slip.</summary>
    public bool CountedFromOneLately => RecentOneBased > 0;
}
