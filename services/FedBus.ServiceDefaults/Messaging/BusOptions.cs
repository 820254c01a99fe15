namespace FedBus.ServiceDefaults.Messaging;

/// <summary>Configuration section "FedBus:Bus".</summary>
public sealed class BusOptions
{
    public const string Section = "FedBus:Bus";

    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;

    /// <summary>One virtual host per site and one for the hub keeps their queues apart on a shared broker.</summary>
    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Immediate in-process retries, with exponential back-off from 200 ms.</summary>
    public int RetryLimit { get; set; } = 3;

    /// <summary>
    /// Second-level retries after the immediate ones fail; the message goes to the _error queue after these.
    /// Unset: 5 s, 30 s, 2 min. (Configuration binding appends to an initialised array, hence the null default.)
    /// </summary>
    public TimeSpan[]? RedeliveryIntervals { get; set; }

    public TimeSpan[] EffectiveRedeliveryIntervals =>
        RedeliveryIntervals ?? [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>
    /// RabbitMQ can only hand a message back later through the rabbitmq_delayed_message_exchange plugin, which Debian does
    /// not ship. When false, redelivery waits in-process (the message stays unacknowledged, so a crash still returns it to
    /// the queue); when true, MassTransit's delayed redelivery through the broker is used.
    /// </summary>
    public bool BrokerDelayedRedelivery { get; set; }

    /// <summary>
    /// How long an inbox claim holds without renewal. The holder renews it every third of this while the effect runs;
    /// another delivery of the same message waits (polling every tenth, at least 250 ms) until the claim is completed
    /// or its lease lapses, so a dead holder's message is taken over within the lease plus one poll.
    /// </summary>
    public TimeSpan InboxLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox dispatcher looks for entries whose writer did not publish them.</summary>
    public TimeSpan OutboxSweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Each dispatcher renews a heartbeat in the store every third of this; the pending events of a writer whose heartbeat
    /// is older than this (it died, or lost its store) are published by another replica's sweep. A live writer keeps its
    /// events, also while the broker is down, so they are published in its commit order.
    /// </summary>
    public TimeSpan OutboxRecoverAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the dispatcher waits for one publish (the broker's confirm included) before it counts it as failed and
    /// tries again. Across a broker restart a publish on a channel that went away may never complete; without this bound
    /// it held every later event of the service behind it. A publish given up on that still completes later is a repeat,
    /// which the consumers' inboxes absorb.
    /// </summary>
    public TimeSpan OutboxPublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>/health reports the outbox degraded when its oldest unpublished event is older than this.</summary>
    public TimeSpan OutboxBacklogWarning { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Completed inbox entries (and claims whose lease lapsed) are deleted after this long.</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Published outbox entries (and heartbeats of writers gone that long) are deleted after this long.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often expired inbox and outbox entries are deleted.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan InboxRenewInterval => InboxLease / 3;

    public TimeSpan InboxPollInterval => InboxLease / 10 > MinimumPoll ? InboxLease / 10 : MinimumPoll;

    private static readonly TimeSpan MinimumPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Fails start-up with the setting's name instead of misbehaving later.</summary>
    public void Validate()
    {
        Positive(InboxLease, nameof(InboxLease), TimeSpan.FromSeconds(1));
        Positive(OutboxSweepInterval, nameof(OutboxSweepInterval), TimeSpan.FromMilliseconds(10));
        Positive(OutboxRecoverAfter, nameof(OutboxRecoverAfter), TimeSpan.FromMilliseconds(100));
        Positive(OutboxPublishTimeout, nameof(OutboxPublishTimeout), TimeSpan.FromMilliseconds(100));
        Positive(OutboxBacklogWarning, nameof(OutboxBacklogWarning), TimeSpan.FromSeconds(1));
        Positive(InboxRetention, nameof(InboxRetention), TimeSpan.FromMinutes(1));
        Positive(OutboxRetention, nameof(OutboxRetention), TimeSpan.FromMinutes(1));
        Positive(HousekeepingInterval, nameof(HousekeepingInterval), TimeSpan.FromSeconds(1));
        // A lease shorter than the retention keeps a claim whose holder is alive from being deleted under it.
        if (InboxRetention <= InboxLease)
            throw new InvalidOperationException($"{Section}:{nameof(InboxRetention)} ({InboxRetention}) must be longer than {nameof(InboxLease)} ({InboxLease}).");
    }

    private static void Positive(TimeSpan value, string name, TimeSpan minimum)
    {
        if (value < minimum)
            throw new InvalidOperationException($"{Section}:{name} is {value}; it must be at least {minimum}.");
    }
}
