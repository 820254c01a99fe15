namespace FedBus.Learning.Training;

/// <summary>Where a training run's loss stopped being a number: the step that produced it, counted from 1 over the run.</summary>
public sealed record TrainingDivergence(int Epoch, int Step, double Loss, double LearningRate)
{
    public override string ToString() =>
        $"loss is {Loss} at epoch {Epoch}, step {Step} (learning rate {LearningRate:g3}; a lower one, or a closer look at the cases, may help)";
}
