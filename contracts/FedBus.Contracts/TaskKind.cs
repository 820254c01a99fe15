namespace FedBus.Contracts;

public enum TaskKind
{
    Segmentation,
    Classification,
    Detection,
}
