namespace FedBus.Learning;

/// <summary>The three tasks a model can serve.</summary>
public enum TaskKind
{
    Segmentation,
    Classification,
    Detection,
}
