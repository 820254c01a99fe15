namespace FedBus.Learning.Tests.Support;

/// <summary>Every test that touches tensors calls <see cref="Init"/> first (idempotent).</summary>
internal static class Torch
{
    public const int Threads = 2;

    public static void Init() => TorchRuntime.Initialize(Threads);
}
