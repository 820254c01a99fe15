namespace FedBus.Bench.Ingestion;

/// <summary>A DICOM receiver that runs for the whole benchmark, as a hospital's would, and takes one study per run.</summary>
internal interface IReceiver : IAsyncDisposable
{
    string Name { get; }

    Task StartAsync();

    /// <summary>Sends the study (one storescu per file list, at once), checks that all of it arrived, and measures.</summary>
    Task<Measurement> ReceiveAsync(IReadOnlyList<IReadOnlyList<string>> associations, string studyInstanceUid);
}
