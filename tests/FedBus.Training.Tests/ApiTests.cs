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
