using System.Security.Cryptography;
using System.Text;

namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// Ids derived from the message that caused them, so a handler that runs again (a redelivery after a crash) names
/// its documents and events exactly as the first run did: a repeated insert is then a duplicate, a repeated event
/// the same message, and consumers' inboxes absorb it.
/// </summary>
public static class DeterministicId
{
    /// <summary>
    /// A name-based UUID, version 5 (RFC 9562 §5.5): SHA-1 over <paramref name="source"/> (as the namespace) and the
    /// UTF-8 <paramref name="name"/>. Same inputs, same id; any other name or source, another id.
    /// Example: <c>DeterministicId.Derive(studyReceived.MessageId, "inference-completed")</c>.
    /// </summary>
    public static Guid Derive(Guid source, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        source.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        // SHA-1 is what version 5 is defined with; the id is a name, not a security token.
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
