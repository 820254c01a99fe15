namespace FedBus.Loop.Bench;

/// <summary>An HttpClient whose /inference/... requests go to inference and all others to annotation-request.</summary>
public static class RoutingClient
{
    public static HttpClient Create(Uri annotations, Uri inference) =>
        new(new RoutingHandler(inference)) { BaseAddress = annotations };
}
