namespace FedBus.Aggregation.Bench;

/// <summary>One timed run: wall-clock seconds and the process's CPU seconds.</summary>
internal readonly record struct Sample(double Wall, double Cpu);
