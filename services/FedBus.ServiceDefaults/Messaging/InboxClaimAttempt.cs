namespace FedBus.ServiceDefaults.Messaging;

/// <summary>
/// What one look at the inbox found: the message is now claimed (<see cref="Claim"/>), was already applied, or is held
/// by another delivery whose lease runs until <see cref="HeldUntil"/>.
/// </summary>
public sealed record InboxClaimAttempt(InboxClaim? Claim, bool AlreadyApplied, DateTimeOffset? HeldUntil, string? HeldBy)
{
    public static InboxClaimAttempt Claimed(InboxClaim claim) => new(claim, false, null, null);
    public static InboxClaimAttempt Applied { get; } = new(null, true, null, null);
    public static InboxClaimAttempt Held(DateTimeOffset until, string? by) => new(null, false, until, by);
}
