namespace FedBus.Dicom.Network;

/// <summary>AE title rules (PS3.5 AE VR): 1-16 characters, no control characters or backslash, not only spaces.</summary>
internal static class AeTitles
{
    public static void Validate(string? title, string name)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > 16 || title.Any(c => c < 0x20 || c > 0x7E || c == '\\'))
        {
            throw new ArgumentException($"{name} '{title}' is not a valid AE title: 1-16 printable ASCII characters, no backslash, not only spaces.", name);
        }
    }
}
