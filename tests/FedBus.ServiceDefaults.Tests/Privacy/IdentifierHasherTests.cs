using System.Text;
using FedBus.ServiceDefaults.Privacy;

namespace FedBus.ServiceDefaults.Tests.Privacy;

public sealed class IdentifierHasherTests : IDisposable
{
    private const string StudyUid = "2.25.299792458314159265358979323846264338327";
    private readonly string _data = Directory.CreateTempSubdirectory("fedbus-salt-").FullName;

    [Fact]
    public void A_value_hashes_to_16_hex_digits_that_do_not_contain_it_and_alike_however_DICOM_padded_it()
    {
        var hasher = new IdentifierHasher(Encoding.UTF8.GetBytes("a site salt of enough length"));
        var hash = hasher.Hash(StudyUid).Value;
        Assert.Matches("^[0-9a-f]{16}$", hash);
        Assert.Equal(hash, hasher.Hash(StudyUid + "\0").Value);
        Assert.NotEqual(hash, hasher.Hash("2.25.299792458314159265358979323846264338328").Value);
        Assert.Equal("-", hasher.Hash(null).ToString());
    }

    [Fact]
    public void Another_salt_gives_another_hash_so_a_log_reader_without_the_salt_cannot_test_a_guess()
    {
        var a = new IdentifierHasher(Encoding.UTF8.GetBytes("salt of site A, long enough"));
        var b = new IdentifierHasher(Encoding.UTF8.GetBytes("salt of site B, long enough"));
        Assert.NotEqual(a.Hash(StudyUid), b.Hash(StudyUid));
    }

    [Fact]
    public void Without_a_configured_salt_one_is_generated_once_and_kept_in_the_data_directory()
    {
        var (first, source) = IdentifierSalt.Resolve(null, _data);
        var (second, _) = IdentifierSalt.Resolve(null, _data);
        Assert.Equal(Path.Combine(_data, IdentifierSalt.FileName), source);
        Assert.Equal(32, first.Length);
        Assert.Equal(first, second);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(source));
    }

    [Fact]
    public void A_configured_salt_wins_and_a_short_one_is_refused_by_name()
    {
        var (key, source) = IdentifierSalt.Resolve("one secret for every service of the site", _data);
        Assert.Equal(IdentifierSalt.ConfigurationKey, source);
        Assert.Equal("one secret for every service of the site", Encoding.UTF8.GetString(key));
        Assert.False(File.Exists(Path.Combine(_data, IdentifierSalt.FileName)));
        var e = Assert.Throws<InvalidOperationException>(() => IdentifierSalt.Resolve("short", _data));
        Assert.Contains(IdentifierSalt.ConfigurationKey, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacting_text_hashes_instance_UIDs_and_keeps_standard_UIDs_end_points_and_versions_of_two_dots_readable()
    {
        var hasher = new IdentifierHasher(Encoding.UTF8.GetBytes("a site salt of enough length"));
        var text = $"study {StudyUid}, not 1.2.826.0.1.3680043.10.17: SOP class 1.2.840.10008.5.1.4.1.1.2 from 0.0.0.0:104 at /studies/{StudyUid}.";
        var redacted = hasher.RedactUids(text);
        Assert.Equal(
            $"study uid#{hasher.Hash(StudyUid)}, not uid#{hasher.Hash("1.2.826.0.1.3680043.10.17")}: SOP class 1.2.840.10008.5.1.4.1.1.2 " +
            $"from 0.0.0.0:104 at /studies/uid#{hasher.Hash(StudyUid)}.",
            redacted);
    }

    [Fact]
    public void A_redacted_exception_keeps_type_and_stack_and_hashes_the_UIDs_of_its_messages_inner_ones_too()
    {
        var hasher = new IdentifierHasher(Encoding.UTF8.GetBytes("a site salt of enough length"));
        Exception original;
        try
        {
            try
            {
                throw new InvalidDataException($"instance {StudyUid}.5 is broken");
            }
            catch (InvalidDataException inner)
            {
                throw new InvalidOperationException($"Document '{StudyUid}' in 'studies' is no longer at version 3.", inner);
            }
        }
        catch (InvalidOperationException e)
        {
            original = e;
        }

        var text = hasher.Redact(original).ToString();
        Assert.DoesNotContain(StudyUid, text, StringComparison.Ordinal);
        Assert.StartsWith($"System.InvalidOperationException: Document 'uid#{hasher.Hash(StudyUid)}' in 'studies'", text, StringComparison.Ordinal);
        Assert.Contains($"System.IO.InvalidDataException: instance uid#{hasher.Hash(StudyUid + ".5")} is broken", text, StringComparison.Ordinal);
        Assert.Contains(nameof(A_redacted_exception_keeps_type_and_stack_and_hashes_the_UIDs_of_its_messages_inner_ones_too), text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
