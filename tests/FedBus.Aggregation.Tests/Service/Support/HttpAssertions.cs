using System.Text.Json;

namespace FedBus.Aggregation.Tests.Service.Support;

public static class HttpAssertions
{
    /// <summary>Fails with the response body when the status is not the expected one.</summary>
    public static async Task ExpectAsync(this HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
            Assert.Fail($"Expected HTTP {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The ProblemDetails of an error response: status, code, sentence and (for a mismatched file) the differences.</summary>
    public static async Task<(int Status, string Code, string Detail, IReadOnlyList<string> Differences)> ProblemAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"Not a problem: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var differences = root.TryGetProperty("differences", out var d) ? d.EnumerateArray().Select(e => e.GetString()!).ToList() : [];
        return ((int)response.StatusCode, root.GetProperty("code").GetString()!, root.GetProperty("detail").GetString()!, differences);
    }
}
