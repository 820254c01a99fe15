using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FedBus.Aggregation.Api;
using FedBus.Aggregation.Registry;
using FedBus.Aggregation.Tests.Service.Support;
using FedBus.Contracts;
using FedBus.Learning.Weights;

namespace FedBus.Aggregation.Tests.Service;

/// <summary>The model registry over HTTP: import version 1, list, download, compare, roll back.</summary>
public sealed class RegistryApiTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Importing_a_matching_file_makes_version_1_current_and_publishes_it()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var weights = TestModels.Weights(seed: 7);
        var profile = new WeightSet([new("profile.image.count", WeightTensor.Int64([1], [12])), new("profile.image.mean", WeightTensor.Float32([2], [0.5f, 0.25f]))]);
        var file = SafeTensors.ToBytes(new WeightSet(weights.Concat(profile)), new WeightMetadata("", "", "", "pytorch"));

        var response = await hub.Http().PostAsync(AggregationHost.ImportUrl("brain"), AggregationHost.Body(file));

        await response.ExpectAsync(201);
        Assert.Equal("/aggregation/models/brain/versions/1", response.Headers.Location!.OriginalString);
        var version = (await response.Content.ReadFromJsonAsync<VersionView>(AggregationHost.Json))!;
        Assert.Equal((1, VersionStatus.Published, true, TestModels.CanonicalArchitecture, "Segmentation"), (version.Version, version.Status, version.IsCurrent, version.ArchitectureId, version.Task));
        Assert.Equal(["background", "brain"], version.ClassNames);
        Assert.Empty(version.ParentVersions);
        var published = await hub.Published.WaitForAsync<GlobalModelPublished>(p => p.ModelId == "brain");
        Assert.Equal((1, 1L, false, (Guid?)null, version.WeightsSha256), (published.ModelVersion, published.Publication, published.IsRollback, published.RoundId, published.Weights.WeightsSha256));

        // The stored file is FedBus' canonical one: the same tensors, bit for bit, profile included, stamped with the architecture.
        var download = await hub.Http().GetByteArrayAsync(version.WeightsUrl);
        Assert.Equal(version.WeightsSha256, Convert.ToHexStringLower(SHA256.HashData(download)));
        var stored = SafeTensors.Read(download);
        Assert.True(stored.Weights.ContentEquals(new WeightSet(weights.Concat(profile))));
        Assert.Equal((TestModels.CanonicalArchitecture, "1", "import"), (stored.Metadata.ArchitectureId, stored.Metadata.ModelVersion, stored.Metadata.CreatedBy));
        var models = await hub.Http().GetFromJsonAsync<ModelView[]>("/aggregation/models", AggregationHost.Json);
        Assert.Equal(("brain", 1, 1L), (Assert.Single(models!).ModelId, models![0].CurrentVersion, models[0].Publication));
    }

    [Fact]
    public async Task A_file_that_does_not_match_the_architecture_is_refused_with_the_names_and_shapes_that_differ()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var expected = TestModels.Weights(architecture: TestModels.Architecture);
        var wider = TestModels.Weights(architecture: "unet2d-v1:in=1,classes=2,levels=2,width=8");
        var renamed = expected.First(kv => kv.Value.DType == WeightDType.F32).Key;
        var mangled = new WeightSet(expected.Where(kv => kv.Key != renamed).Append(new(renamed + "_old", expected[renamed])));

        var wide = await hub.Http().PostAsync(AggregationHost.ImportUrl("brain"), AggregationHost.Body(SafeTensors.ToBytes(wider, new WeightMetadata("", "", "", "x"))));
        var misnamed = await hub.Http().PostAsync(AggregationHost.ImportUrl("brain"), AggregationHost.Body(SafeTensors.ToBytes(mangled, new WeightMetadata("", "", "", "x"))));

        var (status, code, detail, differences) = await wide.ProblemAsync();
        Assert.Equal((400, "layout-mismatch"), (status, code));
        Assert.Contains(TestModels.CanonicalArchitecture, detail, StringComparison.Ordinal);
        var (name, theirs) = wider.First(kv => !kv.Value.HasSameLayout(expected[kv.Key]));
        Assert.Contains($"'{name}' is F32 [{string.Join(", ", theirs.Shape)}], expected F32 [{string.Join(", ", expected[name].Shape)}]", differences);
        var misnamedProblem = await misnamed.ProblemAsync();
        Assert.Equal((400, "layout-mismatch"), (misnamedProblem.Status, misnamedProblem.Code));
        Assert.Equal([$"missing '{renamed}' (F32 [{string.Join(", ", expected[renamed].Shape)}])", $"unexpected '{renamed}_old' (F32 [{string.Join(", ", expected[renamed].Shape)}])"],
            misnamedProblem.Differences);

        // Nothing was stored: the model does not exist, and a good file is still welcome.
        await (await hub.Http().GetAsync("/aggregation/models/brain")).ExpectAsync(404);
        await hub.ImportAsync("brain");
    }

    [Theory]
    [InlineData("unet2d-v1:in=1,classes=2,levels=2,width=4", "background,brain,tumour", "bad-labels")]
    [InlineData("unet9-v1", TestModels.Classes, "bad-architecture")]
    [InlineData("unet2d-v1:in=1,classes=2,levels=2,width=4,colour=red", TestModels.Classes, "bad-architecture")]
    public async Task An_import_with_a_bad_architecture_or_label_schema_is_refused(string architecture, string classes, string expectedCode)
    {
        await using var hub = new AggregationHost(_folder.Path);

        var response = await hub.Http().PostAsync(AggregationHost.ImportUrl("brain", architecture, classes), AggregationHost.Body(TestModels.File()));

        var (status, code, _, _) = await response.ProblemAsync();
        Assert.Equal((400, expectedCode), (status, code));
    }

    [Fact]
    public async Task An_import_that_is_not_safetensors_names_a_task_the_architecture_is_not_or_repeats_a_model_is_refused()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var http = hub.Http();

        var garbage = await (await http.PostAsync(AggregationHost.ImportUrl("brain"), AggregationHost.Body([1, 2, 3, 4, 5, 6, 7, 8, 9]))).ProblemAsync();
        var task = await (await http.PostAsync(AggregationHost.ImportUrl("brain") + "&task=Classification", AggregationHost.Body(TestModels.File()))).ProblemAsync();
        await hub.ImportAsync("brain");
        var twice = await (await http.PostAsync(AggregationHost.ImportUrl("brain"), AggregationHost.Body(TestModels.File()))).ProblemAsync();

        Assert.Equal((400, "bad-weights"), (garbage.Status, garbage.Code));
        Assert.Equal((400, "task-mismatch"), (task.Status, task.Code));
        Assert.Equal((409, "model-exists"), (twice.Status, twice.Code));
    }

    [Fact]
    public async Task Versions_are_listed_compared_and_rolled_back_with_a_higher_publication_each_time()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var http = hub.Http();
        hub.Sites.Script("site-a", new(Offset: 0.02f));
        hub.Sites.Script("site-b", new(Offset: 0.02f));
        var v1 = await hub.ImportAsync("brain");
        var round = await hub.StartRoundAsync("brain", 2, "site-a", "site-b");
        await hub.Published.WaitForAsync<GlobalModelPublished>(p => p.RoundId == round.RoundId);

        var versions = (await http.GetFromJsonAsync<VersionView[]>("/aggregation/models/brain/versions", AggregationHost.Json))!;
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Equal(([], [1]), (versions[0].ParentVersions.ToArray(), versions[1].ParentVersions.ToArray()), new ParentsComparer());
        Assert.Equal([false, true], versions.Select(v => v.IsCurrent));
        Assert.Equal(20, versions[1].Sites.Single(s => s.SiteId == "site-a").ValidationCases);

        var comparison = (await http.GetFromJsonAsync<VersionComparison>("/aggregation/models/brain/compare?from=1&to=2", AggregationHost.Json))!;
        Assert.Equal("version 1 is an ancestor of version 2", comparison.Relation);
        Assert.True(comparison.SameLayout);
        var floats = TestModels.Weights().Where(kv => kv.Value.DType == WeightDType.F32).Sum(kv => kv.Value.ElementCount);
        Assert.Equal(0.02 * Math.Sqrt(floats), comparison.L2Distance, 4);
        Assert.All(comparison.Tensors.Where(t => t.Layout.StartsWith("F32", StringComparison.Ordinal) && !t.Name.StartsWith("profile.", StringComparison.Ordinal)),
            t => Assert.Equal(0.02, t.MaxAbsoluteChange, 5));

        var rollback = await http.PostAsJsonAsync("/aggregation/models/brain/rollback", new { toVersion = 1, reason = "site-b reports worse contours", requestedBy = "ml-engineer" });
        await rollback.ExpectAsync(200);
        var view = (await rollback.Content.ReadFromJsonAsync<RollbackView>(AggregationHost.Json))!;
        Assert.Equal((1, 3L), (view.Model.CurrentVersion, view.Model.Publication));
        Assert.Equal([1L, 3L], view.Version.Publications.Select(p => p.Publication));
        var reverted = await hub.Published.WaitForAsync<GlobalModelReverted>(r => r.ModelId == "brain");
        Assert.Equal((2, 1, "site-b reports worse contours", "ml-engineer"), (reverted.FromVersion, reverted.ToVersion, reverted.Reason, reverted.RequestedBy));
        var republished = await hub.Published.WaitForAsync<GlobalModelPublished>(p => p.IsRollback);
        Assert.Equal((1, 3L, v1.WeightsSha256), (republished.ModelVersion, republished.Publication, republished.Weights.WeightsSha256));

        var forward = await http.PostAsJsonAsync("/aggregation/models/brain/rollback", new { toVersion = 2, reason = "fixed at site-b" });
        await forward.ExpectAsync(200);
        Assert.Equal(4L, (await forward.Content.ReadFromJsonAsync<RollbackView>(AggregationHost.Json))!.Model.Publication);

        Assert.Equal((409, "already-current"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/models/brain/rollback", new { toVersion = 2, reason = "again" })));
        Assert.Equal((404, "no-such-version"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/models/brain/rollback", new { toVersion = 9, reason = "x" })));
        Assert.Equal((400, "reason-required"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/models/brain/rollback", new { toVersion = 1 })));
    }

    [Fact]
    public async Task A_version_the_gate_rejected_cannot_be_rolled_back_to()
    {
        await using var hub = new AggregationHost(_folder.Path);
        hub.Sites.Script("site-a", new(CandidateDice: 0.5, CurrentDice: 0.8));
        await hub.ImportAsync("brain");
        var round = await hub.StartRoundAsync("brain", 1, "site-a");
        await hub.Published.WaitForAsync<CandidateModelRejected>(r => r.RoundId == round.RoundId);
        await hub.WaitForRoundAsync(round.RoundId, r => r.ClosedAt is not null, "closed");

        var response = await hub.Http().PostAsJsonAsync("/aggregation/models/brain/rollback", new { toVersion = 2, reason = "try it anyway" });

        var (status, code, detail, _) = await response.ProblemAsync();
        Assert.Equal((409, "never-published"), (status, code));
        Assert.Contains("Rejected", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starting_a_round_is_refused_with_reasons_and_an_idempotency_key_returns_the_same_round()
    {
        await using var hub = new AggregationHost(_folder.Path);
        var http = hub.Http();

        Assert.Equal((404, "no-such-model"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/rounds", new { modelId = "brain", sites = new[] { "site-a" } })));
        await hub.ImportAsync("brain");
        Assert.Equal((409, "no-sites"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/rounds", new { modelId = "brain" })));
        Assert.Equal((400, "bad-settings"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/rounds", new { modelId = "brain", strategy = "FedSomething", sites = new[] { "site-a" } })));
        Assert.Equal((400, "bad-settings"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/rounds",
            new { modelId = "brain", sites = new[] { "site-a" }, strategyParameters = new Dictionary<string, double> { ["learning-rate"] = 1 } })));
        Assert.Equal((409, "too-few-sites"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/rounds", new { modelId = "brain", minimumSites = 2, sites = new[] { "site-a" } })));

        var request = new HttpRequestMessage(HttpMethod.Post, "/aggregation/rounds") { Content = JsonContent.Create(new { modelId = "brain", sites = new[] { "site-a" } }) };
        request.Headers.Add("Idempotency-Key", "nightly-2026-12-01");
        var first = await http.SendAsync(request);
        await first.ExpectAsync(201);
        var retry = new HttpRequestMessage(HttpMethod.Post, "/aggregation/rounds") { Content = JsonContent.Create(new { modelId = "brain", sites = new[] { "site-a" } }) };
        retry.Headers.Add("Idempotency-Key", "nightly-2026-12-01");
        var second = await http.SendAsync(retry);
        await second.ExpectAsync(200);
        Assert.Equal((await first.Content.ReadFromJsonAsync<RoundView>(AggregationHost.Json))!.RoundId, (await second.Content.ReadFromJsonAsync<RoundView>(AggregationHost.Json))!.RoundId);
        Assert.Equal((409, "round-in-progress"), await StatusAndCode(await http.PostAsJsonAsync("/aggregation/rounds", new { modelId = "brain", sites = new[] { "site-a" } })));
        // The start is published by the outbox dispatcher, after the response: wait for it, then count.
        await hub.Published.WaitForAsync<TrainingRoundStarted>(_ => true);
        Assert.Single(hub.Published.All<TrainingRoundStarted>());
    }

    [Fact]
    public async Task The_service_serves_its_openapi_document_under_its_own_prefix()
    {
        await using var hub = new AggregationHost(_folder.Path);

        using var doc = JsonDocument.Parse(await hub.Http().GetStringAsync("/aggregation/openapi/aggregation.json"));

        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/aggregation/rounds", paths);
        Assert.Contains("/aggregation/models/{modelId}/import", paths);
        Assert.Contains("/aggregation/weights/{sha256}", paths);
        Assert.All(paths, p => Assert.StartsWith("/aggregation/", p, StringComparison.Ordinal));
    }

    private static async Task<(int, string)> StatusAndCode(HttpResponseMessage response)
    {
        var (status, code, _, _) = await response.ProblemAsync();
        return (status, code);
    }

    public void Dispose() => _folder.Dispose();

    private sealed class ParentsComparer : IEqualityComparer<(int[], int[])>
    {
        public bool Equals((int[], int[]) x, (int[], int[]) y) => x.Item1.SequenceEqual(y.Item1) && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((int[], int[]) obj) => 0;
    }
}
