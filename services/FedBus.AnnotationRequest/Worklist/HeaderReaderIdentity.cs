using Microsoft.AspNetCore.Http;

namespace FedBus.AnnotationRequest.Worklist;

/// <summary>Until sign-in exists: the reader id is the <c>X-FedBus-Reader</c> header (letters, digits, <c>. _ @ -</c>, at most 128).</summary>
public sealed class HeaderReaderIdentity : IReaderIdentity
{
    public const string Header = "X-FedBus-Reader";
    private const int MaxLength = 128;

    public string? ReaderOf(HttpContext context)
    {
        var values = context.Request.Headers[Header];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0])) return null;
        if (values.Count > 1) throw new ReaderIdentityException($"{Header} is given {values.Count} times; name one reader.");
        var id = values[0]!.Trim();
        if (id.Length > MaxLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-'))
            throw new ReaderIdentityException($"{Header} must be at most {MaxLength} letters, digits, '.', '_', '@' or '-'.");
        return id;
    }
}
