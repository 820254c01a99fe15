using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.AnnotationRequest.Worklist;

namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>The worklist API as a desk calls it.</summary>
public static class Api
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task<HttpResponseMessage> ClaimAsync(this HttpClient client, Guid taskId) =>
        client.PostAsync($"/annotations/tasks/{taskId}/claim", null);

    public static async Task<TaskView> ClaimedAsync(this HttpClient client, Guid taskId)
    {
        var response = await client.ClaimAsync(taskId);
        await response.ExpectAsync(200);
        return (await response.Content.ReadFromJsonAsync<TaskView>(Json))!;
    }

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient client, Guid taskId, byte[] body, string? mediaType, string? idempotencyKey = null)
    {
        var content = new ByteArrayContent(body);
        if (mediaType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/annotations/tasks/{taskId}/submissions") { Content = content };
        if (idempotencyKey != "") request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    public static async Task<SubmissionReceipt> SubmittedAsync(this HttpClient client, Guid taskId, byte[] body, string mediaType, string? idempotencyKey = null)
    {
        var response = await client.SubmitAsync(taskId, body, mediaType, idempotencyKey);
        await response.ExpectAsync(201);
        return (await response.Content.ReadFromJsonAsync<SubmissionReceipt>(Json))!;
    }

    public static Task<HttpResponseMessage> SkipAsync(this HttpClient client, Guid taskId, string? reason) =>
        client.PostAsJsonAsync($"/annotations/tasks/{taskId}/skip", new { reason });

    public static async Task<WorklistPage> WorklistAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/annotations/tasks{query}");
        await response.ExpectAsync(200);
        return (await response.Content.ReadFromJsonAsync<WorklistPage>(Json))!;
    }

    public static async Task<TaskView> TaskAsync(this HttpClient client, Guid taskId)
    {
        var response = await client.GetAsync($"/annotations/tasks/{taskId}");
        await response.ExpectAsync(200);
        return (await response.Content.ReadFromJsonAsync<TaskView>(Json))!;
    }

    public static async Task<HistoryPage> HistoryAsync(this HttpClient client, string query = "")
    {
        var response = await client.GetAsync($"/annotations/history{query}");
        await response.ExpectAsync(200);
        return (await response.Content.ReadFromJsonAsync<HistoryPage>(Json))!;
    }

    /// <summary>Fails with the response body when the status is not the expected one.</summary>
    public static async Task ExpectAsync(this HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
            Assert.Fail($"Expected HTTP {status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<(int Status, string Code)> StatusAndCodeAsync(this HttpResponseMessage response)
    {
        var (status, code, _) = await response.ProblemAsync();
        return (status, code);
    }

    /// <summary>The ProblemDetails of an error response: its status, code and sentence.</summary>
    public static async Task<(int Status, string Code, string Detail)> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, doc.RootElement.GetProperty("code").GetString()!, doc.RootElement.GetProperty("detail").GetString()!);
    }
}
