using System.Text.RegularExpressions;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>docker-compose.yml read as compose reads it (no Docker engine runs here; ./build.sh test also runs `docker-compose config -q`).</summary>
public sealed partial class ComposeFileTests
{
    private readonly ComposeFile _compose = ComposeFile.Load();
    private readonly BrokerDefinitions _broker = BrokerDefinitions.Load();

    private IEnumerable<ComposeService> BusUsers => _compose.Built.Where(s => s.Environment.ContainsKey("FedBus__Bus__Transport"));

    [Fact]
    public void Every_web_project_outside_tests_and_benchmarks_is_built_into_an_image_by_a_compose_service()
    {
        var solution = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "FedBus.sln"));
        var webProjects = SolutionProject().Matches(solution)
            .Select(m => m.Groups[1].Value.Replace('\\', '/'))
            // Test and benchmark programs are not deployed.
            .Where(p => !p.StartsWith("tests/", StringComparison.Ordinal) && !p.StartsWith("bench/", StringComparison.Ordinal))
            .Where(p => File.ReadAllText(Path.Combine(RepositoryPaths.Root, p)).Contains("Sdk=\"Microsoft.NET.Sdk.Web\"", StringComparison.Ordinal))
            .Order().ToList();
        Assert.Contains("gateway/FedBus.Gateway/FedBus.Gateway.csproj", webProjects);

        Assert.Equal(webProjects, _compose.Built.Select(s => s.Project!).Order().ToList());
        foreach (var service in _compose.Built)
            Assert.Equal(Path.GetFileNameWithoutExtension(service.Project), service.Assembly);
    }

    [Fact]
    public void Services_wait_for_a_healthy_broker_and_database_and_every_awaited_dependency_has_a_healthcheck()
    {
        foreach (var service in _compose.Services.Values)
        {
            foreach (var (dependency, condition) in service.DependsOn)
            {
                var target = _compose[dependency];
                Assert.True(target.HealthTest.Count > 0, $"{service.Name} depends on {dependency}, which has no healthcheck");
                if (target.Project is null)
                    Assert.True(condition == "service_healthy", $"{service.Name} starts before {dependency} is healthy ({condition})");
            }
        }
        foreach (var service in BusUsers)
        {
            Assert.Equal("service_healthy", service.DependsOn.GetValueOrDefault("rabbitmq"));
            if (service.Env("FedBus__Storage__Provider") == "Mongo")
                Assert.Equal("service_healthy", service.DependsOn.GetValueOrDefault("mongo"));
        }
    }

    [Fact]
    public void Only_the_gateways_HTTP_and_ingestions_DICOM_port_are_published_beyond_the_hosts_loopback()
    {
        var open = _compose.Services.Values
            .SelectMany(s => s.Ports.Where(p => !p.LoopbackOnly).Select(p => $"{s.Name}:{p.Target}"))
            .Order().ToList();
        Assert.Equal(["gateway:8080", "ingestion:11112"], open);
        Assert.DoesNotContain(_compose["rabbitmq"].Ports, p => p.Target == 5672);
        Assert.Empty(_compose["mongo"].Ports);
    }

    [Fact]
    public void Every_service_logs_in_to_the_broker_as_its_own_user_with_rights_in_its_own_virtual_host_only()
    {
        var services = BusUsers.ToList();
        Assert.NotEmpty(services);
        Assert.Equal(services.Count, services.Select(s => s.Env("FedBus__Bus__Username")).Distinct().Count());
        foreach (var service in services)
        {
            var username = service.Env("FedBus__Bus__Username");
            var virtualHost = service.Env("FedBus__Bus__VirtualHost");
            var user = Assert.Single(_broker.Users, u => u.Name == username);
            Assert.True(user.Tags.Count == 0, $"{username} has tags {string.Join(",", user.Tags)}: a service needs no management or admin rights");
            var permission = Assert.Single(_broker.Permissions, p => p.User == username);
            Assert.Equal(virtualHost, permission.VirtualHost);
            Assert.Contains(virtualHost, _broker.VirtualHosts);

            // The hub's services live in the hub's virtual host, a site's in that site's.
            var siteId = service.Environment.GetValueOrDefault("FedBus__SiteId", "");
            Assert.Equal(siteId.Length == 0 ? "hub" : siteId, virtualHost);

            // Its own queues and the message exchanges, but not another service's queues.
            foreach (var regex in new[] { permission.Configure, permission.Write, permission.Read })
            {
                Assert.Matches(regex, $"{service.Name}-some-consumer");
                Assert.Matches(regex, "FedBus.Contracts:StudyReceived");
                foreach (var other in services.Where(o => o.Name != service.Name && !service.Name.StartsWith(o.Name, StringComparison.Ordinal)))
                    Assert.DoesNotMatch(regex, $"{other.Name}-some-consumer");
            }
        }
        Assert.DoesNotContain(_broker.Users, u => u.Name == "guest" || u.Tags.Contains("administrator"));
    }

    [Fact]
    public void MongoDB_runs_as_a_single_node_replica_set_and_every_service_connects_to_it_as_one()
    {
        var mongo = _compose["mongo"];
        var replicaSet = mongo.Command.SkipWhile(c => c != "--replSet").Skip(1).FirstOrDefault();
        Assert.NotNull(replicaSet);
        var init = string.Join(' ', mongo.HealthTest);
        Assert.Contains($"rs.initiate({{ _id: '{replicaSet}'", init, StringComparison.Ordinal);
        Assert.Contains("host: 'mongo:27017'", init, StringComparison.Ordinal);

        var mongoUsers = _compose.Built.Where(s => s.Environment.GetValueOrDefault("FedBus__Storage__Provider") == "Mongo").ToList();
        Assert.NotEmpty(mongoUsers);
        foreach (var service in mongoUsers)
        {
            var uri = new Uri(service.Env("FedBus__Storage__MongoConnectionString"));
            Assert.Equal("mongo", uri.Host);
            Assert.Contains($"replicaSet={replicaSet}", uri.Query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_site_services_share_one_blob_volume_and_the_hub_keeps_its_own()
    {
        string BlobVolume(ComposeService s)
        {
            var root = s.Env("FedBus__Storage__BlobRoot");
            Assert.True(s.Mounts.TryGetValue(root, out var volume), $"{s.Name} keeps its blobs in {root}, which no volume holds");
            Assert.Contains(volume, _compose.Volumes);
            return volume!;
        }

        var bySite = BusUsers.GroupBy(s => s.Environment.GetValueOrDefault("FedBus__SiteId", "")).ToList();
        Assert.Contains(bySite, g => g.Key.Length > 0 && g.Count() > 1);
        var volumes = bySite.Select(g => Assert.Single(g.Select(BlobVolume).Distinct())).ToList();
        Assert.Equal(volumes.Count, volumes.Distinct().Count());
    }

    [GeneratedRegex(@"^Project\(""\{FAE04EC0[^}]*\}""\) = ""[^""]+"", ""([^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProject();
}
