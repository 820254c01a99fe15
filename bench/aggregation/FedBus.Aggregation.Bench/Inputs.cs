using FedBus.Aggregation.Strategies;

namespace FedBus.Aggregation.Bench;

/// <summary>
/// What the hub holds when a round closes: the global model and each site's update as the safetensors bytes it
/// received (in memory, as the blob store hands them out), plus each update's inspection, made when it arrived.
/// </summary>
internal sealed class Inputs
{
    private Inputs(string directory, int sites, bool keepSites)
    {
        Directory = directory;
        GlobalBytes = File.ReadAllBytes(BenchData.GlobalPath(directory));
        Global = WeightsView.FromSafeTensors(GlobalBytes);
        Samples = BenchData.Samples(sites);
        Sites = sites;
        Inspections = new UpdateInspection[sites];
        SiteBytes = keepSites ? new byte[sites][] : [];
        for (int k = 0; k < sites; k++)
        {
            var path = BenchData.SitePath(directory, k);
            if (keepSites)
            {
                SiteBytes[k] = File.ReadAllBytes(path);
                Inspections[k] = UpdateInspector.Inspect(Global, WeightsView.FromSafeTensors(SiteBytes[k]));
                continue;
            }
            // Outside the managed heap, so nothing of it stays resident once inspected.
            using var file = File.OpenRead(path);
            using var buffer = new NativeBuffer(checked((int)file.Length));
            file.ReadExactly(buffer.GetSpan());
            Inspections[k] = UpdateInspector.Inspect(Global, WeightsView.FromSafeTensors(buffer.Memory));
        }
    }

    public string Directory { get; }

    public byte[] GlobalBytes { get; }

    public byte[][] SiteBytes { get; }

    public long[] Samples { get; }

    public WeightsView Global { get; }

    public UpdateInspection[] Inspections { get; }

    public int Sites { get; }

    /// <summary>The previous FedAvg result, whose buffers the next one reuses (as the service may, once it is stored).</summary>
    public AggregationResult? LastOutput { get; set; }

    /// <summary>The streaming FedAvg's read buffer, one update in size.</summary>
    public byte[] ReadBuffer { get; set; } = [];

    /// <summary>Reads every update and inspects it; <paramref name="keepSites"/> false drops the bytes afterwards (streaming).</summary>
    public static Inputs Load(string directory, int sites, bool keepSites = true) => new(directory, sites, keepSites);

    public IReadOnlyList<SiteSubmission> Submissions() =>
        [.. Enumerable.Range(0, Sites).Select(k => new SiteSubmission($"site-{k:00}", Samples[k], Inspections[k]))];
}
