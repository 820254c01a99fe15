namespace FedBus.Dicom.Tests.Support;

/// <summary>
/// DCMTK-made sample files shared by a test class (built once): the all-VR sample in every
/// uncompressed transfer syntax with defined and undefined lengths.
/// </summary>
public sealed class SampleFiles : IDisposable
{
    private readonly TempDirectory dir = new();
    private readonly Dictionary<string, string> files = [];
    private readonly Lock gate = new();

    public string Directory => dir.Path;

    /// <summary>dcmconv option ("+te", "+ti", "+tb", "+td") and sequence length style.</summary>
    public string Get(string syntaxOption, bool undefinedLengths = false)
    {
        var key = syntaxOption + (undefinedLengths ? "u" : "e");
        lock (gate)
        {
            if (!files.TryGetValue(key, out var path))
            {
                var lengths = undefinedLengths ? "-e" : "+e";
                var le = SampleDumps.Make(dir, "base" + key, SampleDumps.AllVRs(), lengths);
                path = dir.File("sample" + key.TrimStart('+') + ".dcm");
                Dcmtk.Run("dcmconv", "-q", syntaxOption, lengths, le, path);
                files[key] = path;
            }

            return path;
        }
    }

    public byte[] Bytes(string syntaxOption, bool undefinedLengths = false) => File.ReadAllBytes(Get(syntaxOption, undefinedLengths));

    public string NewPath(string name) => dir.File(name);

    public void Dispose() => dir.Dispose();
}
