namespace FedBus.Inference.Tests;

/// <summary>How many studies one replica consumes at a time.</summary>
public sealed class InferenceOptionsTests
{
    [Fact]
    public void Left_to_the_service_the_studies_in_flight_are_twice_the_largest_batch_of_any_task_and_at_least_eight()
    {
        var options = new InferenceOptions();
        options.ResolveConcurrency([new InferenceTaskOptions { MaxBatchSize = 4 }, new InferenceTaskOptions { MaxBatchSize = 16 }]);
        Assert.Equal(32, options.MaxConcurrentStudies);

        var small = new InferenceOptions();
        small.ResolveConcurrency([new InferenceTaskOptions { MaxBatchSize = 2 }]);
        Assert.Equal(8, small.MaxConcurrentStudies);

        var none = new InferenceOptions();
        none.ResolveConcurrency([]);
        Assert.Equal(8, none.MaxConcurrentStudies);
    }

    [Fact]
    public void A_configured_limit_is_kept_and_a_negative_one_is_refused_with_the_setting_named()
    {
        var options = new InferenceOptions { MaxConcurrentStudies = 3 };
        options.ResolveConcurrency([new InferenceTaskOptions { MaxBatchSize = 16 }]);
        Assert.Equal(3, options.MaxConcurrentStudies);

        var negative = new InferenceOptions { MaxConcurrentStudies = -1 };
        var e = Assert.Throws<InvalidOperationException>(() => negative.ResolveConcurrency([]));
        Assert.Contains("FedBus:Inference:MaxConcurrentStudies", e.Message, StringComparison.Ordinal);
    }
}
