using System.Text.Json.Nodes;
using FedBus.ServiceDefaults.Federation.Link;

namespace FedBus.Deployment.Tests;

/// <summary>The site↔hub link the compose broker loads at boot (deploy/rabbitmq), against the hub's own plan and a real broker.</summary>
public sealed class BrokerLinkTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();
    private readonly BrokerDefinitions _broker = BrokerDefinitions.Load();

    [Fact]
    public void The_compose_broker_declares_the_site_hub_link_exactly_as_the_hub_would_set_it_up_with_the_shovel_plugin_on()
    {
        var sites = _compose.Built.Select(s => s.Environment.GetValueOrDefault("FedBus__SiteId", "")).Where(s => s.Length > 0).Distinct().ToList();
        Assert.NotEmpty(sites);
        var options = new FederationLinkOptions
        {
            HubVirtualHost = _compose["aggregation"].Env("FedBus__Bus__VirtualHost"),
            // The deployment's development passwords are dev-<user> (deploy/README.md).
            Sites = [.. sites.Select(s => new FederationLinkSite { SiteId = s, LinkPassword = "dev-fedbus-link-" + s })],
        };
        options.ValidateForConfiguration();
        var expected = FederationLinkDefinitions.Create(options);
        var actual = _broker.Json;

        foreach (var section in new[] { "exchanges", "queues", "bindings", "parameters" })
            Assert.True(JsonNode.DeepEquals(expected[section], actual[section]), $"definitions.json's {section} differ from the hub's plan for {string.Join(", ", sites)}");
        foreach (var user in BrokerDefinitions.Array(expected, "users"))
        {
            var name = (string)user["name"]!;
            var loaded = Assert.Single(BrokerDefinitions.Array(actual, "users"), u => (string)u["name"]! == name);
            Assert.True(RabbitMqPasswordHash.Matches("dev-" + name, (string?)loaded["password_hash"], (string?)loaded["hashing_algorithm"]), $"{name}'s hash is not of dev-{name}");
            Assert.Empty(Assert.Single(_broker.Users, u => u.Name == name).Tags);
        }
        foreach (var permission in BrokerDefinitions.Array(expected, "permissions"))
            Assert.Contains(BrokerDefinitions.Array(actual, "permissions"), p => JsonNode.DeepEquals(p, permission));

        var plugins = Path.Combine(FedBus.Testing.RepositoryPaths.Root, "deploy", "rabbitmq", "enabled_plugins");
        Assert.Equal("./deploy/rabbitmq/enabled_plugins", _compose["rabbitmq"].Mounts["/etc/rabbitmq/enabled_plugins"]);
        // An Erlang term: [plugin,plugin,...].
        var enabled = File.ReadAllText(plugins).Trim().TrimEnd('.').Trim('[', ']').Split(',', StringSplitOptions.TrimEntries);
        Assert.Contains("rabbitmq_shovel", enabled);
    }

    [Fact]
    public async Task Loaded_into_a_real_broker_the_link_carries_a_sites_model_update_to_the_hub_and_leaves_its_study_announcements_at_the_site()
    {
        await using var broker = await BrokerScope.ImportAsync(_broker);
        const string update = "FedBus.Contracts:ModelUpdateSubmitted";
        const string study = "FedBus.Contracts:StudyReceived";
        var atHub = await broker.BindQueueAsync("hub", update);
        var studiesAtHub = await broker.BindQueueAsync("hub", study);
        var studiesAtSite = await broker.BindQueueAsync("site-a", study);

        await broker.PublishAsync("site-a", study, """{"probe":"study"}""");
        await broker.PublishAsync("site-a", update, """{"probe":"update"}""");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<string> arrived = [];
        while (arrived.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            arrived = await broker.TakeAsync("hub", atHub, 10);
        }
        Assert.Equal(["""{"probe":"update"}"""], arrived);
        // No shovel takes it: a shovelled type published before the update would have crossed by now.
        Assert.Empty(await broker.TakeAsync("hub", studiesAtHub, 10));
        Assert.Equal(["""{"probe":"study"}"""], await broker.TakeAsync("site-a", studiesAtSite, 10));
    }
}
