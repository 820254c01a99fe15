using FedBus.Learning;
using FedBus.Learning.Weights;
using FedBus.Training.Models;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

public sealed class NormalisationLayersTests
{
    [Fact]
    public void FedBN_keeps_the_sites_normalisation_layers_and_takes_every_other_tensor_from_the_global_model()
    {
        TorchRuntime.Initialize(2);
        var global = SafeTensors.Read(Rounds.InitialWeights(seed: 7)).Weights;
        var local = SafeTensors.Read(Rounds.InitialWeights(seed: 8)).Weights;
        // Give the site's BatchNorm statistics values a fresh model never has, so "taken from local" is visible.
        local = new WeightSet(local.Select(kv => kv.Key.EndsWith(".running_mean", StringComparison.Ordinal)
            ? new KeyValuePair<string, WeightTensor>(kv.Key, WeightTensor.Float32([.. kv.Value.Shape], Enumerable.Repeat(0.5f, (int)kv.Value.ElementCount).ToArray()))
            : kv));

        var norms = NormalisationLayers.Find(global);
        var merged = NormalisationLayers.KeepLocal(global, local);

        Assert.Contains(norms, n => n.EndsWith(".running_mean", StringComparison.Ordinal));
        Assert.Contains(norms, n => n.EndsWith(".num_batches_tracked", StringComparison.Ordinal));
        Assert.DoesNotContain(norms, n => global[n].Shape.Count == 4); // convolution kernels are never normalisation
        foreach (var (name, tensor) in merged)
        {
            var expected = norms.Contains(name) ? local[name] : global[name];
            Assert.Same(expected, tensor);
        }
        Assert.Contains(merged, kv => kv.Key.EndsWith(".running_mean", StringComparison.Ordinal) && kv.Value.Values[0] == 0.5f);
    }
}
