namespace FedBus.ServiceDefaults.Federation.Link;

public enum LinkDirection
{
    /// <summary>Site → hub: updates, validations, site statistics.</summary>
    Up,

    /// <summary>Hub → site: round starts, validation requests, global models, round closings, federation statistics.</summary>
    Down,
}
