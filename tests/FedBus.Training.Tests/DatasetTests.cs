using FedBus.Contracts;
using FedBus.Learning.Training;
using FedBus.Training.Dataset;
using FedBus.Training.Tests.Support;

namespace FedBus.Training.Tests;

public sealed class DatasetTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-training-").FullName;

    [Fact]
    public async Task Accepted_cases_join_their_fixed_pool_and_withdrawn_cases_leave_the_dataset()
    {
        await using var host = new TrainingHost(_data);
        var accepted = new List<AnnotationAccepted>();
        for (var seed = 1; seed <= 8; seed++) accepted.Add(await host.AcceptAsync(seed));

        var dataset = await host.WaitForDatasetAsync(d => (int)d["train"]! + (int)d["validation"]! == 8);
        var validation = (int)dataset["validation"]!;
        Assert.Equal(8, (int)dataset["newSinceLastRound"]!);
        // Every phantom holds class 1 in its mask, each counted in its own pool.
        var lesion = dataset["byClass"]!.AsArray().Single(c => (int)c!["classId"]! == 1)!;
        Assert.Equal(8 - validation, (int)lesion["train"]!);
        Assert.Equal(validation, (int)lesion["validation"]!);
        var filled = 0;
        foreach (var a in accepted)
        {
            var stored = (await host.Store.Cases.GetAsync(TrainingIds.CaseKey(a.CaseId)))!.Document;
            // The hash puts a case in validation; only the filling of an empty pool adds one it did not choose.
            if (CaseSplit.IsValidation(TrainingIds.SplitKey(a.CaseId), 0.25)) Assert.True(stored.IsValidation);
            else if (stored.IsValidation) filled++;
            Assert.NotNull(stored.Input);
            Assert.True(host.Blobs.Exists(stored.Input.BlobSha256));
        }
        // Cases taken in concurrently may both fill the empty pool.
        Assert.InRange(filled, 0, 2);
        Assert.True(validation >= 1, "8 cases at 0.25 and no validation case");

        var gone = accepted[0];
        await host.PublishAsync(new CaseWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow, TrainingHost.SiteId, gone.CaseId, gone.TaskId, [new QcFlag("third-read", "disagreed")]));
        dataset = await host.WaitForDatasetAsync(d => (int)d["withdrawn"]! == 1);
        Assert.Equal(7, (int)dataset["train"]! + (int)dataset["validation"]!);

        // A withdrawal that overtakes its acceptance keeps the case out when it arrives.
        var early = Guid.NewGuid();
        await host.PublishAsync(new CaseWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow, TrainingHost.SiteId, early, Guid.NewGuid(), []));
        await WaitAsync(async () => await host.Store.Withdrawals.GetAsync(TrainingIds.CaseKey(early)) is not null);
        await host.AcceptAsync(9, early);
        dataset = await host.WaitForDatasetAsync(d => (int)d["withdrawn"]! == 2);
        Assert.Equal(7, (int)dataset["train"]! + (int)dataset["validation"]!);

        // A label that does not fit the image is kept as unusable, with its reason, and never counts.
        var wrongSize = FedBus.Imaging.Labels.LabelCodec.Encode(new FedBus.Imaging.Labels.MaskLabel(16, 16, new byte[256])).Bytes;
        var bad = await host.AcceptAsync(10, labelOverride: wrongSize);
        dataset = await host.WaitForDatasetAsync(d => (int)d["unusable"]! == 1);
        Assert.Equal(7, (int)dataset["train"]! + (int)dataset["validation"]!);
        var unusable = (await host.Store.Cases.GetAsync(TrainingIds.CaseKey(bad.CaseId)))!.Document;
        Assert.Equal(CaseState.Unusable, unusable.State);
        Assert.Equal(CaseProblemCodes.LabelDoesNotFit, unusable.Problem!.Code);
    }

    [Fact]
    public async Task A_pool_the_hash_leaves_without_validation_takes_its_first_validation_case_at_one_over_the_fraction_and_again_after_a_withdrawal()
    {
        await using var host = new TrainingHost(_data);
        // Case ids the hash sends to training, so only the filling rule can make validation cases (0.25: the 4th).
        var ids = TrainingByHash(7, 7);
        Assert.Equal(4, SiteSplit.FirstValidationAt(0.25));
        Assert.Equal(5, SiteSplit.FirstValidationAt(0.2));

        var pools = new List<bool>();
        Task<bool> TakeInAsync(int k) => TakeInOneAsync(host, k + 1, ids[k]);
        for (var k = 0; k < 5; k++) pools.Add(await TakeInAsync(k));
        Assert.Equal([false, false, false, true, false], pools);

        // The validation case withdrawn: the pool is empty again and the next case fills it.
        var withdrawn = ids[3];
        await host.PublishAsync(new CaseWithdrawn(Guid.NewGuid(), DateTimeOffset.UtcNow, TrainingHost.SiteId, withdrawn, Guid.NewGuid(), []));
        await host.WaitForDatasetAsync(d => (int)d["withdrawn"]! == 1);
        Assert.True(await TakeInAsync(5));
        Assert.False(await TakeInAsync(6));
        var dataset = await host.DatasetAsync();
        Assert.Equal(5, (int)dataset["train"]!);
        Assert.Equal(1, (int)dataset["validation"]!);
    }

    [Fact]
    public async Task A_seed_refused_as_unusable_does_not_count_toward_the_pools_first_validation_case()
    {
        await using var host = new TrainingHost(_data);
        var ids = TrainingByHash(11, 4);
        // A seed whose label does not fit its image (refused with 422, nothing stored), of an id the hash sends to
        // training: were it still counted, the pool would take its first validation case one case early.
        var classThree = FedBus.Imaging.Labels.LabelCodec.Encode(new FedBus.Imaging.Labels.MaskLabel(Phantoms.Size, Phantoms.Size, Enumerable.Repeat((byte)3, Phantoms.Size * Phantoms.Size).ToArray())).Bytes;
        var seed = Enumerable.Range(30, 40).Select(k => Phantoms.Files(k).Dicom).First(dicom =>
            !CaseSplit.IsValidation(TrainingIds.SplitKey(TrainingIds.SeededCase(TrainingHost.ModelId, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(dicom)), 1)), 0.25));

        Task<bool> TakeInAsync(int k) => TakeInOneAsync(host, k + 1, ids[k]);
        Assert.False(await TakeInAsync(0));
        Assert.False(await TakeInAsync(1));
        var (status, body) = await host.PostJsonAsync($"/training/models/{TrainingHost.ModelId}/cases", new
        {
            task = "Segmentation", dicom = Convert.ToBase64String(seed), frame = 1, label = Convert.ToBase64String(classThree), labelMediaType = "image/png", classCount = 2,
        });
        Assert.True(status == 422, $"{status}: {body}");
        Assert.False(await TakeInAsync(2));
        Assert.True(await TakeInAsync(3));
    }

    [Fact]
    public async Task A_seeded_case_is_stored_once_and_a_bad_one_is_refused_with_a_reason_and_nothing_stored()
    {
        await using var host = new TrainingHost(_data);
        var (dicom, label, mediaType) = Phantoms.Files(21);
        var request = new { task = "Segmentation", dicom = Convert.ToBase64String(dicom), frame = 1, label = Convert.ToBase64String(label), labelMediaType = mediaType, classCount = 2 };

        var (status, body) = await host.PostJsonAsync($"/training/models/{TrainingHost.ModelId}/cases", request);
        Assert.Equal(201, status);
        Assert.True((bool)body!["created"]!);
        var caseId = (Guid)body["caseId"]!;
        (status, body) = await host.PostJsonAsync($"/training/models/{TrainingHost.ModelId}/cases", request);
        Assert.Equal(200, status);
        Assert.False((bool)body!["created"]!);
        Assert.Equal(caseId, (Guid)body["caseId"]!);
        var dataset = await host.DatasetAsync();
        Assert.Equal(1, (int)dataset["train"]! + (int)dataset["validation"]!);

        (status, body) = await host.PostJsonAsync($"/training/models/{TrainingHost.ModelId}/cases", request with { label = Convert.ToBase64String("not a png"u8.ToArray()) });
        Assert.Equal(400, status);
        Assert.Contains("label", (string)body!["detail"]!, StringComparison.OrdinalIgnoreCase);

        var (otherDicom, _, _) = Phantoms.Files(22);
        var classThree = FedBus.Imaging.Labels.LabelCodec.Encode(new FedBus.Imaging.Labels.MaskLabel(Phantoms.Size, Phantoms.Size, Enumerable.Repeat((byte)3, Phantoms.Size * Phantoms.Size).ToArray())).Bytes;
        (status, body) = await host.PostJsonAsync($"/training/models/{TrainingHost.ModelId}/cases",
            request with { dicom = Convert.ToBase64String(otherDicom), label = Convert.ToBase64String(classThree) });
        Assert.Equal(422, status);
        Assert.Contains(CaseProblemCodes.LabelDoesNotFit, (string)body!["detail"]!, StringComparison.Ordinal);
        dataset = await host.DatasetAsync();
        Assert.Equal(1, (int)dataset["train"]! + (int)dataset["validation"]!);
        Assert.Equal(0, (int)dataset["unusable"]!);
    }

    /// <summary>Case ids (seeded, so the test is the same every run) that the hash alone sends to training at 0.25.</summary>
    private static List<Guid> TrainingByHash(int seed, int count)
    {
        var random = new Random(seed);
        var bytes = new byte[16];
        var ids = new List<Guid>();
        while (ids.Count < count)
        {
            random.NextBytes(bytes);
            var id = new Guid(bytes);
            if (!CaseSplit.IsValidation(TrainingIds.SplitKey(id), 0.25)) ids.Add(id);
        }
        return ids;
    }

    /// <summary>Accepts one case, waits until it is stored, and tells which pool it joined.</summary>
    private static async Task<bool> TakeInOneAsync(TrainingHost host, int phantom, Guid caseId)
    {
        await host.AcceptAsync(phantom, caseId);
        await WaitAsync(async () => await host.Store.Cases.GetAsync(TrainingIds.CaseKey(caseId)) is not null);
        return (await host.Store.Cases.GetAsync(TrainingIds.CaseKey(caseId)))!.Document.IsValidation;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 30 s.");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment; the temp folder is disposable anyway.
        }
    }
}
