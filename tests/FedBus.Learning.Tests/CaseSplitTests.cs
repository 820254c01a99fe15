using System.Globalization;
using FedBus.Learning.Cases;
using FedBus.Learning.Tests.Support;
using FedBus.Learning.Training;

namespace FedBus.Learning.Tests;

public class CaseSplitTests
{
    [Fact]
    public void The_bucket_is_the_first_8_bytes_of_SHA256_of_the_id_as_computed_by_Python()
    {
        string[] ids = ["ch2/axial/087", "site-a/case-1", "ü-unicode-id", "x"];
        var script = "import hashlib,sys\nfor line in sys.stdin.read().split('\\n'):\n  print(repr(int.from_bytes(hashlib.sha256(line.encode()).digest()[:8],'big')/2**64))";
        var path = Path.Combine(Path.GetTempPath(), $"bucket-{Guid.NewGuid():N}.py");
        File.WriteAllText(path, script);
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(Python.Interpreter, path) { RedirectStandardInput = true, RedirectStandardOutput = true };
            using var p = System.Diagnostics.Process.Start(psi)!;
            p.StandardInput.Write(string.Join("\n", ids));
            p.StandardInput.Close();
            var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            p.WaitForExit();
            for (int i = 0; i < ids.Length; i++)
                Assert.Equal(double.Parse(lines[i], CultureInfo.InvariantCulture), CaseSplit.Bucket(ids[i]), 15);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void About_the_requested_fraction_of_ids_validates()
    {
        int n = 5000, validation = Enumerable.Range(0, n).Count(i => CaseSplit.IsValidation($"case-{i}", 0.2));
        // Binomial(5000, 0.2): σ ≈ 28; ±5σ.
        Assert.InRange(validation, 1000 - 140, 1000 + 140);
    }

    [Fact]
    public void Adding_cases_never_moves_an_old_case_so_retraining_never_validates_on_old_training_cases()
    {
        var round1 = Phantoms.Segmentation(60, 8, seed: 1, prefix: "r1");
        var round2 = round1.Concat(Phantoms.Segmentation(25, 8, seed: 2, prefix: "r2")).ToList();
        var (train1, val1) = CaseSplit.Partition(round1, 0.2);
        var (train2, val2) = CaseSplit.Partition(round2, 0.2);
        Assert.NotEmpty(val1);
        Assert.Empty(train1.Select(c => c.CaseId).Intersect(val2.Select(c => c.CaseId)));
        Assert.Empty(val1.Select(c => c.CaseId).Intersect(train2.Select(c => c.CaseId)));
        Assert.Equal(val1.Select(c => c.CaseId), val2.Where(c => c.CaseId.StartsWith("r1", StringComparison.Ordinal)).Select(c => c.CaseId));
    }

    [Fact]
    public void The_same_case_id_twice_is_an_error()
    {
        var a = Phantoms.Segmentation(2, 8, seed: 1);
        var twice = new List<LabeledCase> { a[0], a[1], a[0] };
        var e = Assert.Throws<ArgumentException>(() => CaseSplit.Partition(twice, 0.2));
        Assert.Contains($"'{a[0].CaseId}' appears twice", e.Message);
    }
}
