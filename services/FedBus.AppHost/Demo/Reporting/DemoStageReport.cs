namespace FedBus.AppHost.Demo.Reporting;

/// <summary>One stage of the loop and whether this run did it; <see cref="Note"/> says why not, plainly.</summary>
public sealed record DemoStageReport(string Name, bool Ran, string Note);
