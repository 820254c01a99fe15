using FedBus.BrainMri;

namespace FedBus.AppHost.Experiments;

/// <summary>Named seeds from the run's seed: each use draws its own stream, so adding an arm changes no other arm's numbers.</summary>
internal static class Seeds
{
    public static long Derive(int seed, string name) => (long)(DeterministicRandom.Derive(seed, name) >> 1);
}
