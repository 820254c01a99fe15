// Two cores: the federation's four processes already share them; test classes side by side would only starve each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
