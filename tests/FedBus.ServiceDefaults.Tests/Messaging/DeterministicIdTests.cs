using FedBus.ServiceDefaults.Messaging;

namespace FedBus.ServiceDefaults.Tests.Messaging;

public sealed class DeterministicIdTests
{
    [Fact]
    public void A_derived_id_is_the_version_5_uuid_of_RFC_9562()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        var dns = Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(Guid.Parse("2ed6657d-e927-568b-95e1-2665a8aea6a2"), DeterministicId.Derive(dns, "www.example.com"));
    }

    [Fact]
    public void The_same_source_and_name_give_the_same_id_and_any_other_gives_another()
    {
        var source = Guid.NewGuid();
        var id = DeterministicId.Derive(source, "inference-completed");
        Assert.Equal(id, DeterministicId.Derive(source, "inference-completed"));
        Assert.NotEqual(id, DeterministicId.Derive(source, "annotation-task"));
        Assert.NotEqual(id, DeterministicId.Derive(Guid.NewGuid(), "inference-completed"));
        Assert.NotEqual(source, id);
    }
}
