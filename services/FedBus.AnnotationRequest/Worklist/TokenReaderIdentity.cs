using Microsoft.AspNetCore.Http;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>
/// The reader id is the bearer token's subject (<c>sub</c>): signed by the issuer, so nobody can read or submit as
/// someone else by naming them. Letters, digits, <c>. _ @ -</c>, at most 128, as stored reads expect.
/// </summary>
public sealed class TokenReaderIdentity : IReaderIdentity
{
    public const string SubjectClaim = "sub";
    private const int MaxLength = 128;

    public string? ReaderOf(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true) return null;
        var subjects = context.User.FindAll(SubjectClaim).Select(c => c.Value).ToList();
        if (subjects.Count == 0 || string.IsNullOrWhiteSpace(subjects[0])) return null;
        if (subjects.Count > 1) throw new ReaderIdentityException($"The token names {subjects.Count} subjects; a reader is one.");
        var id = subjects[0].Trim();
        if (id.Length > MaxLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-'))
            throw new ReaderIdentityException($"The token's subject must be at most {MaxLength} letters, digits, '.', '_', '@' or '-' to be a reader id.");
        return id;
    }
}
