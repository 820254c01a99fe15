namespace FedBus.Desk.Tests.Support;

/// <summary>The collection's one <see cref="DeskSite"/>, started before its first test and stopped after its last.</summary>
public sealed class SharedDeskSite : IAsyncLifetime
{
    public DeskSite Site { get; private set; } = null!;

    public async Task InitializeAsync() => Site = await DeskSite.StartAsync();

    public async Task DisposeAsync()
    {
        if (Site is not null) await Site.DisposeAsync();
    }
}
