// Two cores: TorchSharp batches and service hosts running side by side would only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
