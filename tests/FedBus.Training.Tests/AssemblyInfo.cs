// Two cores, and TorchSharp runs in every test: classes side by side would only slow each other down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
