namespace FedBus.AnnotationRequest.Tests.Support;

/// <summary>A folder for one test's store and blobs, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fedbus-annotation-").FullName;

    public int FileCount(string sub) =>
        Directory.Exists(System.IO.Path.Combine(Path, sub)) ? Directory.EnumerateFiles(System.IO.Path.Combine(Path, sub), "*", SearchOption.AllDirectories).Count() : 0;

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
