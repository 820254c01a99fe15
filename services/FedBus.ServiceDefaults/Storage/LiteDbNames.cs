using System.Text.RegularExpressions;

namespace FedBus.ServiceDefaults.Storage;

internal static partial class LiteDbNames
{
    public static void Check(string collection)
    {
        // The narrower of the two stores' rules, so a name valid here is valid in MongoDB too. LiteDB refuses '-' (and,
        // refusing it inside a transaction, leaves the collection locked until its lock timeout): checked up front.
        if (!Valid().IsMatch(collection))
            throw new ArgumentException($"Collection name '{collection}' must be letters, digits or '_', starting with a letter.");
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,59}$")]
    private static partial Regex Valid();
}
