using System.Reflection;
using System.Text.RegularExpressions;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>
/// Decides whether a message type could carry patient identity. Deliberately an allow-list: a field passes only if
/// its type cannot hold free text or dates, or it is one of a few named fields whose meaning is fixed (site id,
/// model id, digests). Anything new has to be argued for here, in review.
/// </summary>
public static partial class PatientIdentityCheck
{
    private static readonly HashSet<string> SafeStrings =
        ["SiteId", "ModelId", "ArchitectureId", "WeightsSha256", "MetricValue.Name"];

    private static readonly HashSet<string> SafeGuids = ["MessageId", "RoundId"];

    /// <summary>Every field of the type (recursively) that could carry identity, with the reason; empty if none.</summary>
    public static IReadOnlyList<string> Violations(Type messageType)
    {
        var found = new List<string>();
        Walk(messageType, messageType.Name, found, []);
        return found;
    }

    private static void Walk(Type type, string path, List<string> found, HashSet<Type> seen)
    {
        if (!seen.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var where = $"{path}.{property.Name}";
            var qualified = $"{type.Name}.{property.Name}";
            if (NameWords(property.Name).Any(IdentityWords.Contains) && !SafeStrings.Contains(qualified))
                found.Add($"{where}: the name says it identifies a patient, study or person");
            CheckType(property.PropertyType, property.Name, qualified, where, found, seen);
        }
    }

    private static void CheckType(Type t, string name, string qualified, string where, List<string> found, HashSet<Type> seen)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t.IsPrimitive || t.IsEnum || t == typeof(decimal) || t == typeof(TimeSpan)) return;
        if (t == typeof(string))
        {
            if (!SafeStrings.Contains(name) && !SafeStrings.Contains(qualified))
                found.Add($"{where}: free text can carry a name, an id or a UID");
            return;
        }
        if (t == typeof(Guid))
        {
            if (!SafeGuids.Contains(name)) found.Add($"{where}: a Guid here could link to a patient's case");
            return;
        }
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(DateOnly))
        {
            if (name != "OccurredAt") found.Add($"{where}: a date other than the message's own time could be a date of birth or a study date");
            return;
        }
        if (t == typeof(byte[]))
        {
            if (qualified != "ModelWeights.Inline") found.Add($"{where}: raw bytes could be an image or a DICOM header");
            return;
        }
        var element = t.IsGenericType && t.GetGenericTypeDefinition() is var g &&
            (g == typeof(IReadOnlyList<>) || g == typeof(IEnumerable<>) || g == typeof(List<>) || g == typeof(IReadOnlyCollection<>))
            ? t.GetGenericArguments()[0]
            : t.IsArray ? t.GetElementType() : null;
        if (element is not null)
        {
            CheckType(element, name, qualified, where + "[]", found, seen);
            return;
        }
        if (t.Namespace == "FedBus.Contracts" && t.IsClass)
        {
            Walk(t, where, found, seen);
            return;
        }
        found.Add($"{where}: type {t.Name} is not known to be free of identity");
    }

    private static readonly HashSet<string> IdentityWords =
    [
        "patient", "patients", "birth", "dob", "uid", "uids", "accession", "mrn", "study", "series", "sop", "physician",
        "reader", "operator", "institution", "address", "phone", "name", "names",
    ];

    /// <summary>"StudyInstanceUid" → study, instance, uid.</summary>
    private static IEnumerable<string> NameWords(string name) =>
        PascalWord().Matches(name).Select(m => m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex PascalWord();
}
