namespace FedBus.AppHost.Up;

/// <summary>
/// `down`: reads up-state.json in the run's folder and stops every process `up` started (SIGTERM, then SIGKILL), then
/// deletes its virtual hosts (their queues and shovels go with them) and the link's users. Says what it did, one line each.
/// </summary>
internal static class DownRun
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<string>> ExecuteAsync(string folder, BrokerSettings broker, CancellationToken cancellationToken)
    {
        var state = UpState.Load(folder) ?? throw new Cli.UsageException($"{UpState.PathIn(folder)} does not exist: nothing was started with 'up --out {folder}'.");
        using var admin = new BrokerAdmin(broker with { ManagementUrl = string.IsNullOrEmpty(state.ManagementUrl) ? broker.ManagementUrl : state.ManagementUrl });
        var lines = await TearDownAsync(state, admin, cancellationToken);
        await state.SaveAsync(folder);
        return lines;
    }

    /// <summary>Stops the processes (the readers and PACS first, the hub last), then removes what was created on the broker.</summary>
    public static async Task<IReadOnlyList<string>> TearDownAsync(UpState state, BrokerAdmin admin, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var order = state.Processes.OrderBy(p => p.Role switch { "radiologists" => 0, "aggregation" => 2, _ => 1 }).ToList();
        // Site services stop together: each takes its own time to drain.
        foreach (var group in order.GroupBy(p => p.Role switch { "radiologists" => 0, "aggregation" => 2, _ => 1 }))
        {
            var results = await Task.WhenAll(group.Select(async p => (p, await ChildProcesses.StopAsync(p, Grace))));
            lines.AddRange(results.Select(r => $"{r.p.Name} (pid {r.p.Pid}): {r.Item2}"));
        }
        var still = state.Processes.Where(ChildProcesses.IsAlive).ToList();
        if (still.Count > 0) throw new InvalidOperationException($"Still running after SIGKILL: {string.Join(", ", still.Select(p => $"{p.Name} (pid {p.Pid})"))}.");
        state.Processes.Clear();
        try
        {
            foreach (var vhost in state.VirtualHosts)
                lines.Add(await admin.DeleteVirtualHostAsync(vhost, cancellationToken) ? $"virtual host {vhost}: deleted (with its queues and shovels)" : $"virtual host {vhost}: already gone");
            foreach (var user in state.LinkUsers)
                lines.Add(await admin.DeleteUserAsync(user, cancellationToken) ? $"broker user {user}: deleted" : $"broker user {user}: already gone");
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException($"Every process is stopped, but RabbitMQ's management API at {state.ManagementUrl} did not answer ({e.Message}); " +
                $"virtual hosts left: {string.Join(", ", state.VirtualHosts)}. Run 'down' again when it answers.", e);
        }
        state.VirtualHosts.Clear();
        state.LinkUsers.Clear();
        return lines;
    }
}
