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
}
