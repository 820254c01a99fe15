// Two cores: heavy TorchSharp tests running side by side would only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
