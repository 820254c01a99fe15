using FedBus.Training.Jobs;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

public sealed class ApiTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-").FullName;

    [Theory]
    [InlineData("/openapi/training.json")]
    [InlineData("/training/openapi.json")]
    public async Task The_OpenAPI_document_describes_the_training_routes(string path)
    {
        await using var host = new TrainingHost(_data);
        var document = await host.GetJsonAsync(path);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/training/models/{modelId}/dataset", paths);
        Assert.Contains("/training/models/{modelId}/cases", paths);
        Assert.Contains("/training/jobs", paths);
        Assert.All(paths, p => Assert.StartsWith("/training/", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_job_is_a_404_with_a_reason()
    {
        await using var host = new TrainingHost(_data);
        using var http = host.CreateClient();
        using var response = await http.GetAsync("/training/jobs/nope");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains("no job nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_list_names_each_jobs_kind_and_state()
    {
        await using var host = new TrainingHost(_data);
        var round = Rounds.Started(Guid.NewGuid(), Rounds.InitialWeights(), Rounds.Settings());
        await host.PublishAsync(round);
        // No case to train on: the job fails at once, with a reason.
        var jobId = TrainingIds.RoundJob(round.RoundId, TrainingHost.SiteId);
        await host.WaitForJobAsync(jobId, j => j.State == JobState.Failed);

        var listed = Assert.Single((await host.GetJsonAsync("/training/jobs?state=Failed")).AsArray(), j => (string?)j!["jobId"] == jobId)!;
        Assert.Equal("Round", (string?)listed["kind"]);
        Assert.Equal("Failed", (string?)listed["state"]);
        var one = await host.GetJsonAsync($"/training/jobs/{jobId}");
        Assert.Equal("Failed", (string?)one["state"]);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment.
        }
    }
}
