using System.Diagnostics;
using FedBus.DatasetBuilder;
using FedBus.DatasetBuilder.Output;

BuildOptions options;
try
{
    options = BuildOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var clock = Stopwatch.StartNew();
void Log(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}");

DatasetBuild.Built built;
try
{
    built = DatasetBuild.Run(options, Log);
}
catch (Exception e) when (e is IOException or InvalidDataException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (AggregateException e) when (e.Flatten().InnerExceptions.All(i => i is IOException or InvalidDataException))
{
    // Failures inside the parallel slicing loops.
    foreach (var inner in e.Flatten().InnerExceptions.Select(i => i.Message).Distinct())
        Console.Error.WriteLine($"error: {inner}");
    return 1;
}

if (options.PreviewDir is not null)
{
    Directory.CreateDirectory(options.PreviewDir);
    foreach (var file in Preview.ContactSheets(built))
        File.WriteAllBytes(Path.Combine(options.PreviewDir, file.Key), file.Value);
    Log($"previews written to {options.PreviewDir}");
}

if (options.Check)
{
    int differences = 0;
    foreach (var (name, bytes) in built.Files.OrderBy(f => f.Key, StringComparer.Ordinal))
    {
        var path = Path.Combine(options.OutDir, name);
        bool same = File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes);
        Log($"  {(same ? "identical" : "DIFFERENT")}  {name}");
        if (!same)
            differences++;
    }
    Log(differences == 0 ? $"check passed: a rebuild is byte-identical to {options.OutDir}" : $"check FAILED: {differences} file(s) differ from {options.OutDir}");
    return differences == 0 ? 0 : 1;
}

Directory.CreateDirectory(options.OutDir);
foreach (var (name, bytes) in built.Files)
    File.WriteAllBytes(Path.Combine(options.OutDir, name), bytes);

Summary.Print(built, Log);
Log($"wrote {built.Files.Count} files, {built.Files.Values.Sum(b => (long)b.Length) / 1024.0:0} KiB, to {options.OutDir}");
return 0;
