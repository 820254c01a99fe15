using FedBus.Contracts;

namespace FedBus.Training.Dataset;

/// <summary>A case's image or label cannot become a model input (a permanent answer): the case is kept as unusable with this reason.</summary>
public sealed class CaseProblemException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;

    public QcFlag Flag => new(Code, Message);
}
