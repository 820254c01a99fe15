using System.Text;

namespace FedBus.ServiceDefaults.Privacy;

/// <summary>
/// An exception as it may be logged: the original's type, message with its UIDs hashed, and stack trace; inner
/// exceptions alike. Store and DICOM errors name the document or instance they failed on, which is a study or SOP
/// instance UID here. Made by <see cref="IdentifierHasher.Redact(Exception)"/>; never thrown.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string? _stackTrace;

    internal RedactedException(Exception original, IdentifierHasher hasher)
        : base(hasher.RedactUids(original.Message), original.InnerException is { } inner ? new RedactedException(inner, hasher) : null)
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = original.StackTrace;
        HResult = original.HResult;
    }

    /// <summary>The full name of the exception's own type, e.g. FedBus.ServiceDefaults.Storage.ConcurrencyConflictException.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    public override string ToString()
    {
        var text = new StringBuilder(OriginalType).Append(": ").Append(Message);
        if (InnerException is not null) text.Append(" ---> ").Append(InnerException).AppendLine().Append("   --- End of inner exception stack trace ---");
        if (_stackTrace is not null) text.AppendLine().Append(_stackTrace);
        return text.ToString();
    }
}
