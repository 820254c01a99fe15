using System.Text.RegularExpressions;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Federation;
using FedBus.ServiceDefaults.Federation.Link;

namespace FedBus.ServiceDefaults.Tests.Federation;

/// <summary>The link plan's pure rules: least privilege for the link users, and a site list that cannot be mistaken.</summary>
public sealed class FederationLinkPlanTests
{
    private static FederationLinkOptions Options(params FederationLinkSite[] sites) => new() { HubVirtualHost = "hub", Sites = [.. sites] };

    private static FederationLinkSite Site(string id, string? vhost = null, string password = "secret") =>
        new() { SiteId = id, VirtualHost = vhost, LinkPassword = password };

    [Fact]
    public void A_link_user_writes_only_its_types_exchanges_and_reads_only_its_own_link_queues()
    {
        var plan = FederationLinkPlan.Build(Options(Site("a"), Site("b")));
        var atHub = plan.Permissions.Single(p => p.User == "fedbus-link-a" && p.VirtualHost == "hub");
        var atSite = plan.Permissions.Single(p => p.User == "fedbus-link-a" && p.VirtualHost == "a");
        bool Allows(string regex, Type type) => Regex.IsMatch(FederationExchanges.NameOf(type), regex);

        Assert.All(FederationWhitelist.SiteToHub, t => Assert.True(Allows(atHub.Write, t)));
        Assert.All(FederationWhitelist.HubToSite, t => Assert.True(Allows(atSite.Write, t)));
        Assert.False(Allows(atHub.Write, typeof(StudyReceived)));
        Assert.False(Allows(atHub.Write, typeof(GlobalModelPublished)));
        Assert.False(Allows(atSite.Write, typeof(ModelUpdateSubmitted)));
        Assert.Matches(atHub.Read, FederationLinkPlan.DownQueueNameOf("a", typeof(GlobalModelPublished)));
        Assert.DoesNotMatch(atHub.Read, FederationLinkPlan.DownQueueNameOf("b", typeof(GlobalModelPublished)));
        Assert.Equal(("^$", "^$"), (atHub.Configure, atSite.Configure));
    }

    [Theory]
    [InlineData("a", "a-vhost", "a", "b-vhost", "listed twice")]
    [InlineData("a", null, "b", "hub", "already the hub's")]
    [InlineData("a", null, "b", "a", "already the hub's or another site's")]
    public void A_site_list_that_would_mix_scopes_is_refused_with_its_key(string first, string? firstVhost, string second, string? secondVhost, string reason)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => FederationLinkPlan.Build(Options(Site(first, firstVhost), Site(second, secondVhost))));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.Contains("FedBus:Federation:Link:Sites:1", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_without_a_link_password_is_refused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => FederationLinkPlan.Build(Options(Site("a", password: ""))));
        Assert.Contains("Sites:0:LinkPassword", refused.Message, StringComparison.Ordinal);
    }
}
