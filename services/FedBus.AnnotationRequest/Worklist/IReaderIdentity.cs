using Microsoft.AspNetCore.Http;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// Who is reading: the one place the worklist learns the reader's id, so sign-in (JWT claims, issue 11) replaces the
/// header without touching an endpoint.
/// </summary>
public interface IReaderIdentity
{
    /// <summary>The reader's id; null when the request names none. Throws <see cref="ReaderIdentityException"/> for a malformed one.</summary>
    string? ReaderOf(HttpContext context);
}
