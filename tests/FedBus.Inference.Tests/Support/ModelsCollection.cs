namespace FedBus.Inference.Tests.Support;

/// <summary>Test classes that share the models trained once (<see cref="TrainedModels"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<TrainedModels>
{
    public const string Name = "trained models";
}
