using static TorchSharp.torch;

namespace FedBus.Learning.Models;

/// <summary>
/// Networks whose layers before the first dropout are deterministic can run MC-dropout cheaply: those
/// layers once per image, the rest on <c>copies</c> stacked copies (copy t of image i at row t·n + i),
/// exactly as if the whole network had run on <c>input.repeat(copies, …)</c>.
/// </summary>
internal interface IRepeatedForward
{
    Tensor ForwardRepeated(Tensor input, int copies);
}
