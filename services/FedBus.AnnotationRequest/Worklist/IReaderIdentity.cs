using Microsoft.AspNetCore.Http;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// Who is reading: the one place the worklist learns the reader's id (<see cref="TokenReaderIdentity"/>: the token's subject).
/// </summary>
public interface IReaderIdentity
{
    /// <summary>The reader's id; null when the request names none. Throws <see cref="ReaderIdentityException"/> for a malformed one.</summary>
    string? ReaderOf(HttpContext context);
}
