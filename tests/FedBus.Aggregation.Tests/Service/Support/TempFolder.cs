namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>A folder for one test's store and blobs, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fedbus-aggregation-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold its file for a moment; the temp folder is disposable anyway.
        }
    }
}
