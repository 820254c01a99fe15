namespace FedBus.ServiceDefaults.Federation.Link;

/// <summary>One site of the RabbitMQ link (FedBus:Federation:Link:Sites:N).</summary>
public sealed class FederationLinkSite
{
    public string SiteId { get; set; } = "";

    /// <summary>The site's virtual host; default: its site id.</summary>
    public string? VirtualHost { get; set; }

    /// <summary>Password of the site's link user, whose credentials its shovels use. Keep it secret; required.</summary>
    public string LinkPassword { get; set; } = "";

    public string EffectiveVirtualHost => string.IsNullOrEmpty(VirtualHost) ? SiteId : VirtualHost;
}
