// Two cores: the TorchSharp model tests and the large-tensor tests would only slow each other down side by side.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
