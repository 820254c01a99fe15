namespace FedBus.LogAudit.Tests;

/// <summary>
/// Runs after the rest of the suite (./build.sh test) over everything its hosts and child processes logged at
/// Information and above: no line may name a study, series or instance UID, a patient or an accession number.
/// </summary>
public sealed class CapturedLogAuditTests(CapturedLogs logs) : IClassFixture<CapturedLogs>
{
    [Fact]
    public void The_suite_left_logs_and_the_identities_of_its_test_data_to_audit()
    {
        Assert.True(logs.Files.Count > 0 && logs.Files.Sum(f => f.Lines.Count) > 0,
            $"No captured log lines in {FedBus.Testing.LogCapture.Directory}: run the suite first (./build.sh test), or the hosts no longer capture their logs.");
        Assert.True(logs.Identities.Count > 0, "The test data recorded no patient ids, names or accession numbers: FedBus.Testing no longer writes them.");
    }

    [Fact]
    public void No_captured_log_line_names_a_UID_a_patient_or_an_accession_number()
    {
        var finder = new IdentityFinder(logs.Identities);
        var findings = (
            from file in logs.Files
            from line in file.Lines.Select((text, index) => (text, number: index + 1))
            from found in finder.Find(line.text)
            select $"{file.Name}:{line.number}: {found}\n    {line.text}").ToList();
        Assert.True(findings.Count == 0,
            $"{findings.Count} log line(s) name patient identity; log a salted hash (IdentifierHasher) or nothing:\n" + string.Join('\n', findings.Take(20)));
    }

    [Theory]
    [InlineData("Study 2.25.299792458314159265358979323846264338327 complete")]
    [InlineData("RequestPath:/dicomweb/studies/1.2.826.0.1.3680043.10.17/series")]
    [InlineData("uid=1.2.3.4")]
    [InlineData("Rejected instance from Doe^Jane")]
    [InlineData("patient Doe Jane, id FB-0001")]
    [InlineData("accession acc-1 resent")]
    public void The_finder_flags_UIDs_and_test_identities_in_any_form(string line) =>
        Assert.NotEmpty(new IdentityFinder(["FB-0001", "Doe^Jane", "ACC-1"]).Find(line));

    [Theory]
    [InlineData("SOP class 1.2.840.10008.5.1.4.1.1.2 in transfer syntax 1.2.840.10008.1.2.4.50")]
    [InlineData("DICOM SCP 'FEDBUS' listening on 0.0.0.0:11112 and 127.0.0.1:104")]
    [InlineData("Study d806763ef72c2228 complete: uid#39a7d86d8ab9aa45; MassTransit 8.5.12, TraceId 392be72176bad14255a297ef25a834b6")]
    [InlineData("Association ORTHANC->FEDBUS established; ACC-10 is another accession")]
    public void The_finder_lets_well_known_UIDs_hashes_addresses_and_AE_titles_pass(string line) =>
        Assert.Empty(new IdentityFinder(["FB-0001", "Doe^Jane", "ACC-1", "ORTHANC-C"]).Find(line));
}
