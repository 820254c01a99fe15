namespace FedBus.Desk.Tests.Support;

[CollectionDefinition(Name)]
public sealed class DeskCollection : ICollectionFixture<Chromium>, ICollectionFixture<SharedDeskSite>
{
    public const string Name = "desk in chromium";
}
