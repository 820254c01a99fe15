namespace FedBus.Deployment.Tests;

/// <summary>One instruction of a Dockerfile, continuation lines joined: e.g. ("RUN", "dotnet restore \"$PROJECT\"").</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments);
