namespace FedBus.Contracts.Tests;

public sealed class ContractShapeTests
{
    public static TheoryData<string> MessageTypeNames() => new(SampleMessages.AllMessageTypes().Select(t => t.Name));

    [Fact]
    public void The_catalogue_holds_every_message_of_the_loop()
    {
        var names = SampleMessages.AllMessageTypes().Select(t => t.Name).ToHashSet();
        string[] required =
        [
            "StudyReceived", "InferenceCompleted", "AnnotationTaskCreated", "AnnotationSubmitted", "AnnotationAccepted",
            "AnnotationRejected", "TrainingRoundStarted", "ModelUpdateSubmitted", "GlobalModelPublished", "SiteStatisticsReported",
        ];
        Assert.Empty(required.Except(names));
    }

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Every_message_is_a_sealed_record_in_the_contracts_namespace_with_an_id_and_a_timestamp(string name)
    {
        var type = SampleMessages.AllMessageTypes().Single(t => t.Name == name);
        Assert.Equal("FedBus.Contracts", type.Namespace);
        Assert.True(type.IsSealed, $"{name} must be sealed");
        Assert.NotNull(type.GetMethod("<Clone>$"));
        Assert.True(typeof(IFedBusMessage).IsAssignableFrom(type));
    }

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Messages_that_carry_a_site_id_declare_that_they_belong_to_a_site(string name)
    {
        var type = SampleMessages.AllMessageTypes().Single(t => t.Name == name);
        Assert.Equal(type.GetProperty("SiteId") is not null, typeof(ISiteMessage).IsAssignableFrom(type));
    }

    [Fact]
    public void Message_names_follow_the_convention_events_past_tense_commands_imperative()
    {
        string[] commands = ["StartTrainingRound", "ValidateCandidateModel"];
        foreach (var type in SampleMessages.AllMessageTypes())
        {
            if (commands.Contains(type.Name)) continue;
            Assert.True(
                type.Name.EndsWith("ed", StringComparison.Ordinal) || type.Name.EndsWith("Published", StringComparison.Ordinal) || type.Name.EndsWith("Started", StringComparison.Ordinal),
                $"{type.Name} is an event and should be named in the past tense");
        }
    }
}
