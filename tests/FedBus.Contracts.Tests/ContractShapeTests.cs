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

    /// <summary>
    /// The catalogue is every type that implements IFedBusMessage, so asking each of them whether it does proves
    /// nothing. Found another way — every public type of the contracts assembly that no other contract holds as a
    /// field — a message that forgot the interface (and so its id, its inbox and these checks) shows up here.
    /// </summary>
    [Fact]
    public void Every_top_level_contract_is_a_message_and_every_other_type_is_part_of_one()
    {
        var assembly = typeof(IFedBusMessage).Assembly;
        var types = assembly.GetExportedTypes().Where(t => !t.IsInterface).ToList();
        var parts = types.SelectMany(FieldTypes).ToHashSet();
        var topLevel = types.Where(t => !parts.Contains(t)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(SampleMessages.AllMessageTypes().Select(t => t.Name).Order(StringComparer.Ordinal), topLevel);
        Assert.All(assembly.GetExportedTypes(), t => Assert.Equal("FedBus.Contracts", t.Namespace));
    }

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Every_message_is_a_sealed_record_with_an_id_and_a_timestamp_as_its_first_two_fields(string name)
    {
        var type = SampleMessages.AllMessageTypes().Single(t => t.Name == name);
        Assert.True(type.IsSealed, $"{name} must be sealed");
        Assert.True(type.GetMethod("<Clone>$") is not null, $"{name} must be a record");
        // Positional records: the constructor is the wire shape. Id and time first, as every message reads.
        var fields = type.GetConstructors().Single().GetParameters();
        Assert.Equal(("MessageId", typeof(Guid)), (fields[0].Name, fields[0].ParameterType));
        Assert.Equal(("OccurredAt", typeof(DateTimeOffset)), (fields[1].Name, fields[1].ParameterType));
    }

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Messages_that_carry_a_site_id_declare_that_they_belong_to_a_site(string name)
    {
        var type = SampleMessages.AllMessageTypes().Single(t => t.Name == name);
        Assert.Equal(type.GetProperty("SiteId") is not null, typeof(ISiteMessage).IsAssignableFrom(type));
    }

    private static readonly string[] IrregularPastParticiples = ["Withdrawn"];

    [Fact]
    public void Message_names_follow_the_convention_events_past_tense_commands_imperative()
    {
        string[] commands = ["StartTrainingRound", "ValidateCandidateModel"];
        foreach (var type in SampleMessages.AllMessageTypes())
        {
            if (commands.Contains(type.Name)) continue;
            Assert.True(
                type.Name.EndsWith("ed", StringComparison.Ordinal) || IrregularPastParticiples.Any(p => type.Name.EndsWith(p, StringComparison.Ordinal)),
                $"{type.Name} is an event and should be named in the past tense");
        }
    }

    /// <summary>The contract types a type holds: its properties' types, through nullables and lists.</summary>
    private static IEnumerable<Type> FieldTypes(Type type) =>
        type.GetProperties().Select(p => p.PropertyType).SelectMany(Unwrap).Where(t => t.Assembly == type.Assembly);

    private static IEnumerable<Type> Unwrap(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsGenericType) return underlying.GetGenericArguments().SelectMany(Unwrap);
        if (underlying.IsArray) return Unwrap(underlying.GetElementType()!);
        return [underlying];
    }
}
