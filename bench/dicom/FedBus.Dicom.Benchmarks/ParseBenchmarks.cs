using BenchmarkDotNet.Attributes;
using FedBus.Dicom;

namespace FedBus.Dicom.Benchmarks;

/// <summary>In-process costs of the operations ingestion performs on every instance.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParseBenchmarks
{
    private byte[] file = [];
    private byte[] dataset = [];
    private string path = string.Empty;
    private DicomFileMetaInformation meta = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ds = CtSample.Create();
        file = new DicomFile(ds).ToBytes();
        dataset = ds.ToBytes(DicomTransferSyntax.ImplicitVRLittleEndian);
        meta = DicomFileMetaInformation.FromDataset(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
        path = Path.Combine(Path.GetTempPath(), "fedbus-bench-ct.dcm");
        File.WriteAllBytes(path, file);
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(path);

    [Benchmark(Description = "header parse, Part 10 bytes in memory")]
    public int HeaderFromMemory() => DicomFile.Parse(file, DicomReadOptions.HeaderOnly).Dataset.Count;

    [Benchmark(Description = "header parse, C-STORE data set bytes (implicit VR)")]
    public int HeaderFromDatasetBytes() => DicomDataset.Parse(dataset, DicomTransferSyntax.ImplicitVRLittleEndian, DicomReadOptions.HeaderOnly).Count;

    [Benchmark(Description = "header parse, file on disk")]
    public int HeaderFromFile()
    {
        using var f = DicomFile.Open(path, DicomReadOptions.HeaderOnly);
        return f.Dataset.Count;
    }

    [Benchmark(Description = "full parse, file on disk")]
    public int FullFromFile()
    {
        using var f = DicomFile.Open(path);
        return f.Dataset.Count;
    }

    [Benchmark(Description = "header parse + read 6 attributes")]
    public string? HeaderAndIndex()
    {
        var ds = DicomDataset.Parse(dataset, DicomTransferSyntax.ImplicitVRLittleEndian, DicomReadOptions.HeaderOnly);
        _ = ds.GetString(DicomTag.StudyInstanceUID);
        _ = ds.GetString(DicomTag.SeriesInstanceUID);
        _ = ds.GetString(DicomTag.SOPInstanceUID);
        _ = ds.GetString(DicomTag.PatientID);
        _ = ds.GetDate(DicomTag.StudyDate);
        return ds.GetString(DicomTag.Modality);
    }

    [Benchmark(Description = "write Part 10 from raw data set bytes (to Stream.Null)")]
    public long WriteRaw()
    {
        DicomFile.WriteRaw(Stream.Null, meta, dataset);
        return dataset.Length;
    }
}
