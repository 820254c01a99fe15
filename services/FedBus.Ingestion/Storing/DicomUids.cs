namespace FedBus.Ingestion.Storing;

/// <summary>PS3.5 §9.1: at most 64 characters, components of digits separated by dots, no leading zeros.</summary>
public static class DicomUids
{
    public static bool IsValid(string uid)
    {
        if (uid.Length is 0 or > 64) return false;
        foreach (var component in uid.Split('.'))
        {
            if (component.Length == 0 || (component.Length > 1 && component[0] == '0')) return false;
            foreach (var c in component)
            {
                if (c is < '0' or > '9') return false;
            }
        }
        return true;
    }
}
