using System.Security.Cryptography;
using System.Text;

namespace FedBus.ServiceDefaults.Privacy;

/// <summary>
/// The site-local key of <see cref="IdentifierHasher"/>. Configured (FedBus:Logging:IdentifierSalt, one secret for
/// every service of a site, so their logs correlate), or else generated once and kept in the data directory, so a
/// restart hashes the same study to the same value. Never logged, never sent anywhere.
/// </summary>
public static class IdentifierSalt
{
    public const string ConfigurationKey = "FedBus:Logging:IdentifierSalt";
    public const string FileName = "identifier-salt";
    public const int MinimumLength = 16;

    /// <summary>The key, and where it came from (for the start-up log line; never the key itself).</summary>
    public static (byte[] Key, string Source) Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < MinimumLength)
                throw new InvalidOperationException(
                    $"{ConfigurationKey} is {configured.Length} characters long; use at least {MinimumLength} random characters (a short salt can be guessed by hashing every UID root).");
            return (Encoding.UTF8.GetBytes(configured), ConfigurationKey);
        }
        var path = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        return (ReadOrCreate(path), path);
    }

    private static byte[] ReadOrCreate(string path)
    {
        if (File.Exists(path)) return Read(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of the site created it first: use theirs, so both hash alike.
            File.Delete(temp);
        }
        return Read(path);
    }

    private static byte[] Read(string path)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{path} is not a base64 salt; delete it to generate a new one (old log hashes then stop matching).", e);
        }
        if (key.Length < MinimumLength)
            throw new InvalidOperationException($"{path} holds {key.Length} bytes; a salt needs at least {MinimumLength}. Delete it to generate a new one.");
        return key;
    }
}
