using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FedBus.AnnotationRequest.Worklist;
using FedBus.Imaging.Labels;

namespace FedBus.AppHost.Demo;

/// <summary>
/// A radiologist at a site, working the worklist through the gateway's HTTP API as the desk would: redo what QC returned
/// (with QC's reasons in hand, so corrected), then claim the highest-priority open task, look at the model's prefill,
/// answer from what the image truly shows (through <see cref="ReaderHabits"/>) and submit with an Idempotency-Key.
/// </summary>
internal sealed class RadiologistSimulator(string readerId, HttpClient http, SiteActivity activity, ReaderHabits habits)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ReaderId => readerId;

    public int Submitted { get; private set; }

    public int Resubmitted { get; private set; }

    /// <summary>Works until cancelled; a quiet worklist is polled every <paramref name="poll"/>.</summary>
    public async Task RunAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool worked;
            try
            {
                worked = await WorkOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            if (!worked)
            {
                try { await Task.Delay(poll, cancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    /// <summary>One pass over the worklist; true when something was submitted.</summary>
    public async Task<bool> WorkOnceAsync(CancellationToken cancellationToken)
    {
        var worked = false;
        var returned = await ListAsync("returned", cancellationToken);
        foreach (var item in returned.Items)
        {
            if (await AnswerAsync(item, corrected: true, cancellationToken)) Resubmitted++;
            worked = true;
        }
        var available = await ListAsync("available", cancellationToken);
        foreach (var item in available.Items)
        {
            activity.TaskSeen(item.TaskId, item.StudyInstanceUid, DateTimeOffset.UtcNow);
            using var claim = await SendAsync(HttpMethod.Post, $"annotations/tasks/{item.TaskId}/claim", null, cancellationToken);
            // Another reader took the last free read first: fine, the worklist moves on.
            if (claim.StatusCode == HttpStatusCode.Conflict) continue;
            await Ensure(claim, "claim");
            if (await AnswerAsync(item, corrected: false, cancellationToken)) worked = true;
        }
        return worked;
    }

    private async Task<WorklistPage> ListAsync(string state, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"annotations/tasks?state={state}&limit=20", null, cancellationToken);
        await Ensure(response, "worklist");
        return (await response.Content.ReadFromJsonAsync<WorklistPage>(Json, cancellationToken))!;
    }

    private async Task<bool> AnswerAsync(WorklistItem item, bool corrected, CancellationToken cancellationToken)
    {
        using var viewResponse = await SendAsync(HttpMethod.Get, $"annotations/tasks/{item.TaskId}", null, cancellationToken);
        await Ensure(viewResponse, "task");
        var view = (await viewResponse.Content.ReadFromJsonAsync<TaskView>(Json, cancellationToken))!;
        var truth = activity.TruthOf(view.Image.SopInstanceUid)
            ?? throw new InvalidOperationException($"{readerId}: task {item.TaskId} shows an image the demo's PACS never sent.");
        // The reader opens the model's guess first, as at the desk.
        using (var prefill = await SendAsync(HttpMethod.Get, $"annotations/tasks/{item.TaskId}/prefill", null, cancellationToken))
            await Ensure(prefill, "prefill");

        var label = LabelCodec.Encode(habits.Answer(truth.Truth, corrected));
        var content = new ByteArrayContent(label.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(label.MediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"annotations/tasks/{item.TaskId}/submissions") { Content = content };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict) return false;
        await Ensure(response, "submit");
        Submitted++;
        return true;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(method, path) { Content = content }, cancellationToken);

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = DemoTokens.For(ServiceDefaults.Security.FedBusRoles.Radiologist, activity.SiteId, readerId);
        return http.SendAsync(request, cancellationToken);
    }

    private async Task Ensure(HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"{readerId}: {what} answered {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}"));
    }
}
