// Two cores: the federation's thirteen processes already share them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
