namespace FedBus.Contracts;

/// <summary>A message that belongs to one hospital site.</summary>
public interface ISiteMessage : IFedBusMessage
{
    string SiteId { get; }
}
