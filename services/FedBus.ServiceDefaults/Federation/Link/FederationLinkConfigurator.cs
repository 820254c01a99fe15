using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static FedBus.ServiceDefaults.Federation.Link.RabbitMqManagementClient;

namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>
/// Sets up the <see cref="FederationLinkPlan"/> on a RabbitMQ with the shovel plugin, through its management API.
/// Idempotent: what is already right is left alone (a shovel whose definition is unchanged is not restarted), so it can
/// run at every hub start and from AppHost's <c>up</c>. It also removes what the plan no longer has: shovels and link
/// queues of types or sites taken off, and any binding that would let another type into a link queue.
/// </summary>
public sealed class FederationLinkConfigurator : IDisposable
{
    private readonly FederationLinkOptions _options;
    private readonly RabbitMqManagementClient _api;
    private readonly ILogger _logger;

    public FederationLinkConfigurator(FederationLinkOptions options, ILogger? logger = null, HttpMessageHandler? handler = null)
    {
        Plan = FederationLinkPlan.Build(options);
        _options = options;
        _api = new RabbitMqManagementClient(options, handler);
        _logger = logger ?? NullLogger.Instance;
    }

    public FederationLinkPlan Plan { get; }

    public async Task<FederationLinkReport> ConfigureAsync(CancellationToken cancellationToken = default)
    {
        var run = new Run(_logger);
        await VirtualHosts(run, cancellationToken);
        await Users(run, cancellationToken);
        await Permissions(run, cancellationToken);
        await Exchanges(run, cancellationToken);
        await Queues(run, cancellationToken);
        await Bindings(run, cancellationToken);
        await Shovels(run, cancellationToken);
        await PruneQueues(run, cancellationToken);
        LinkLog.Configured(_logger, _options.HubVirtualHost, _options.Sites.Count, run.Changes.Count, run.Unchanged);
        return new FederationLinkReport(run.Changes, run.Unchanged);
    }

    private async Task VirtualHosts(Run run, CancellationToken ct)
    {
        foreach (var vhost in Plan.VirtualHosts)
        {
            if (await _api.GetAsync(Path("vhosts", vhost), ct) is not null)
            {
                run.Same();
                continue;
            }
            if (!_options.CreateVirtualHosts)
                throw new FederationLinkException(
                    $"Virtual host '{vhost}' does not exist on {_api.BaseAddress}: create it first (deploy/rabbitmq/definitions.json, " +
                    $"rabbitmqctl add_vhost) or set {FederationLinkOptions.Section}:{nameof(FederationLinkOptions.CreateVirtualHosts)}=true.");
            await _api.PutAsync(Path("vhosts", vhost), new JsonObject { ["description"] = "FedBus federation scope" }, ct);
            run.Changed($"virtual host {vhost} created");
        }
    }

    private async Task Users(Run run, CancellationToken ct)
    {
        foreach (var user in Plan.Users)
        {
            var existing = await _api.GetAsync(Path("users", user.Name), ct);
            if (existing is not null
                && RabbitMqPasswordHash.Matches(user.Password, (string?)existing["password_hash"], (string?)existing["hashing_algorithm"])
                && HasNoTags(existing["tags"]))
            {
                run.Same();
                continue;
            }
            await _api.PutAsync(Path("users", user.Name), new JsonObject
            {
                ["password_hash"] = RabbitMqPasswordHash.Create(user.Password),
                ["hashing_algorithm"] = RabbitMqPasswordHash.Algorithm,
                ["tags"] = "",
            }, ct);
            run.Changed(existing is null ? $"link user {user.Name} created" : $"link user {user.Name} updated (password or tags)");
        }
    }

    private async Task Permissions(Run run, CancellationToken ct)
    {
        foreach (var p in Plan.Permissions)
        {
            var path = Path("permissions", p.VirtualHost, p.User);
            var existing = await _api.GetAsync(path, ct);
            if (existing is not null && (string?)existing["configure"] == p.Configure && (string?)existing["write"] == p.Write && (string?)existing["read"] == p.Read)
            {
                run.Same();
                continue;
            }
            await _api.PutAsync(path, new JsonObject { ["configure"] = p.Configure, ["write"] = p.Write, ["read"] = p.Read }, ct);
            run.Changed($"permissions of {p.User} in {p.VirtualHost} set: configure {p.Configure}, write {p.Write}, read {p.Read}");
        }
    }

    private async Task Exchanges(Run run, CancellationToken ct)
    {
        foreach (var x in Plan.Exchanges)
        {
            var path = Path("exchanges", x.VirtualHost, x.Name);
            var existing = await _api.GetAsync(path, ct);
            if (existing is null)
            {
                // Exactly MassTransit's declaration of a message type's exchange; anything else and its buses fail with 406.
                await _api.PutAsync(path, new JsonObject
                {
                    ["type"] = "fanout", ["durable"] = true, ["auto_delete"] = false, ["internal"] = false, ["arguments"] = new JsonObject(),
                }, ct);
                run.Changed($"exchange {x.Name} declared in {x.VirtualHost}");
                continue;
            }
            if ((string?)existing["type"] != "fanout" || (bool?)existing["durable"] != true || (bool?)existing["auto_delete"] != false
                || (bool?)existing["internal"] == true || existing["arguments"] is JsonObject { Count: > 0 })
                throw new FederationLinkException(
                    $"Exchange {x.Name} in {x.VirtualHost} exists as {existing["type"]}, durable {existing["durable"]}, auto-delete {existing["auto_delete"]}, " +
                    $"internal {existing["internal"]}, arguments {existing["arguments"]?.ToJsonString()}; MassTransit and the link need a durable fanout without arguments.");
            run.Same();
        }
    }

    private async Task Queues(Run run, CancellationToken ct)
    {
        foreach (var q in Plan.Queues)
        {
            var path = Path("queues", q.VirtualHost, q.Name);
            var existing = await _api.GetAsync(path, ct);
            if (existing is null)
            {
                await _api.PutAsync(path, new JsonObject { ["durable"] = true, ["auto_delete"] = false, ["arguments"] = new JsonObject() }, ct);
                run.Changed($"queue {q.Name} declared in {q.VirtualHost}");
                continue;
            }
            if ((bool?)existing["durable"] != true || (bool?)existing["auto_delete"] == true || (bool?)existing["exclusive"] == true)
                throw new FederationLinkException(
                    $"Queue {q.Name} in {q.VirtualHost} exists but is not durable, or is auto-delete or exclusive: messages on the link could be lost. Delete it and run again.");
            run.Same();
        }
    }

    private async Task Bindings(Run run, CancellationToken ct)
    {
        foreach (var queue in Plan.Queues)
        {
            var planned = Plan.Bindings.Single(b => b.VirtualHost == queue.VirtualHost && b.Queue == queue.Name);
            var existing = await _api.GetAsync(Path("queues", queue.VirtualHost, queue.Name, "bindings"), ct) as JsonArray ?? [];
            var found = false;
            foreach (var binding in existing.OfType<JsonObject>())
            {
                var source = (string?)binding["source"] ?? "";
                // Every queue is bound to the default exchange by its name; nobody publishes there for these queues.
                if (source.Length == 0) continue;
                if (source == planned.Exchange)
                {
                    found = true;
                    continue;
                }
                // Whatever else feeds a link queue would cross the link: off with it.
                await _api.DeleteAsync(Path("bindings", queue.VirtualHost, "e", source, "q", queue.Name, (string?)binding["properties_key"] ?? "~"), ct);
                run.Changed($"binding from {source} to link queue {queue.Name} in {queue.VirtualHost} removed: that type is not whitelisted for it");
            }
            if (found)
            {
                run.Same();
                continue;
            }
            await _api.PostAsync(Path("bindings", planned.VirtualHost, "e", planned.Exchange, "q", planned.Queue),
                new JsonObject { ["routing_key"] = "", ["arguments"] = new JsonObject() }, ct);
            run.Changed($"queue {planned.Queue} bound to {planned.Exchange} in {planned.VirtualHost}");
        }
    }

    private async Task Shovels(Run run, CancellationToken ct)
    {
        var hub = _options.HubVirtualHost;
        foreach (var shovel in Plan.Shovels)
        {
            var path = Path("parameters", "shovel", shovel.VirtualHost, shovel.Name);
            var definition = shovel.Definition(_options);
            var existing = await _api.GetAsync(path, ct);
            // An identical PUT would still restart the shovel: leave it running.
            if (existing is not null && JsonNode.DeepEquals(existing["value"], definition))
            {
                run.Same();
                continue;
            }
            await _api.PutAsync(path, new JsonObject { ["value"] = definition }, ct);
            run.Changed($"shovel {shovel.Name} {(existing is null ? "created" : "redefined")}: {shovel.SourceVirtualHost}/{shovel.SourceQueue} → {shovel.DestinationVirtualHost}/{shovel.DestinationExchange}");
        }

        var planned = Plan.Shovels.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var defined = await _api.GetAsync(Path("parameters", "shovel", hub), ct) as JsonArray ?? [];
        foreach (var name in defined.Select(p => (string?)p?["name"]).OfType<string>())
        {
            if (!name.StartsWith(FederationLinkPlan.NamePrefix, StringComparison.Ordinal) || planned.Contains(name)) continue;
            await _api.DeleteAsync(Path("parameters", "shovel", hub, name), ct);
            run.Changed($"shovel {name} removed: its type or site is no longer on the link");
        }
    }

    private async Task PruneQueues(Run run, CancellationToken ct)
    {
        var planned = Plan.Queues.Select(q => (q.VirtualHost, q.Name)).ToHashSet();
        foreach (var vhost in Plan.VirtualHosts)
        {
            var queues = await _api.GetAsync(Path("queues", vhost) + "?columns=name", ct) as JsonArray ?? [];
            foreach (var name in queues.Select(q => (string?)q?["name"]).OfType<string>())
            {
                if (!name.StartsWith(FederationLinkPlan.NamePrefix, StringComparison.Ordinal) || planned.Contains((vhost, name))) continue;
                await _api.DeleteAsync(Path("queues", vhost, name), ct);
                run.Changed($"link queue {name} in {vhost} removed: its type or site is no longer on the link");
            }
        }
    }

    private static bool HasNoTags(JsonNode? tags) => tags switch
    {
        null => true,
        JsonArray array => array.Count == 0,
        JsonValue value => string.IsNullOrEmpty((string?)value),
        _ => false,
    };

    public void Dispose() => _api.Dispose();

    private sealed class Run(ILogger logger)
    {
        public List<string> Changes { get; } = [];

        public int Unchanged { get; private set; }

        public void Same() => Unchanged++;

        public void Changed(string change)
        {
            Changes.Add(change);
            LinkLog.Changed(logger, change);
        }
    }
}
