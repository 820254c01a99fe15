using FedBus.AnnotationRequest.Tests.Support;
using FedBus.AnnotationRequest.Worklist;
using FedBus.Contracts;
using FedBus.Imaging.Labels;
using FedBus.Testing;

namespace FedBus.AnnotationRequest.Tests.Tasks;

/// <summary>The same service on the production store's adapter (MongoDB wire protocol, jongodb as the server).</summary>
public sealed class MongoStoreTests(MongoCompatibleServer mongo) : IClassFixture<MongoCompatibleServer>, IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Worklist_submission_history_and_an_expired_lease_work_on_mongodb()
    {
        using var host = new AnnotationHost(_folder.Path, new Dictionary<string, string>
        {
            ["FedBus:Storage:Provider"] = "Mongo",
            ["FedBus:Storage:MongoConnectionString"] = mongo.ConnectionString,
            ["FedBus:Storage:MongoDatabase"] = "annotation-" + Guid.NewGuid().ToString("N")[..10],
        });
        var first = await host.OpenTaskAsync(triageScore: 0.7, image: Results.Image(series: "m1"));
        var second = await host.OpenTaskAsync(triageScore: 0.9, image: Results.Image(series: "m2") with { StudyInstanceUid = "4.5.6" });
        var a = host.Reader("dr-a");

        Assert.Equal([second.TaskId, first.TaskId], (await a.WorklistAsync()).Items.Select(i => i.TaskId));
        Assert.Equal([second.TaskId], (await a.WorklistAsync("?study=4.5.6")).Items.Select(i => i.TaskId));

        await a.ClaimedAsync(first.TaskId);
        var receipt = await a.SubmittedAsync(first.TaskId, LabelCodec.EncodeRle(Labels.Mask(8, 6)).Bytes, LabelMediaTypes.MaskRle);
        await host.Published.WaitForAsync<AnnotationSubmitted>(s => s.SubmissionId == receipt.SubmissionId);
        Assert.Equal(receipt.SubmissionId, Assert.Single((await a.HistoryAsync()).Items).SubmissionId);

        await host.Reader("dr-b").ClaimedAsync(second.TaskId);
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal((1, 0), await host.SweepAsync());
        await host.Published.WaitForAsync<AnnotationTaskExpired>(e => e.TaskId == second.TaskId);
        Assert.Equal(ReaderViews.Available, Assert.Single((await a.WorklistAsync()).Items).ReaderState);
    }

    public void Dispose() => _folder.Dispose();
}
