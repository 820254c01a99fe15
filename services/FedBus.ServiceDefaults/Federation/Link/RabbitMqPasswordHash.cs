using System.Security.Cryptography;
using System.Text;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// RabbitMQ's rabbit_password_hashing_sha256: base64(salt ‖ SHA-256(salt ‖ UTF-8 password)) with a 4-byte salt. Checking
/// a stored hash here lets the link leave a user alone whose password is already right (a PUT would re-salt it).
/// </summary>
public static class RabbitMqPasswordHash
{
    public const string Algorithm = "rabbit_password_hashing_sha256";

    public static string Create(string password) => Compute(password, RandomNumberGenerator.GetBytes(4));

    public static bool Matches(string password, string? storedHash, string? algorithm)
    {
        if (algorithm != Algorithm || string.IsNullOrEmpty(storedHash)) return false;
        byte[] stored;
        try
        {
            stored = Convert.FromBase64String(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }
        if (stored.Length != 4 + 32) return false;
        var expected = Convert.FromBase64String(Compute(password, stored[..4]));
        return CryptographicOperations.FixedTimeEquals(expected, stored);
    }

    private static string Compute(string password, byte[] salt)
    {
        var input = salt.Concat(Encoding.UTF8.GetBytes(password)).ToArray();
        return Convert.ToBase64String([.. salt, .. SHA256.HashData(input)]);
    }
}
