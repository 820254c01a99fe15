using System.Buffers.Binary;
using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

/// <summary>
/// Seeded random mutations of valid files: whatever the bytes, parsing either succeeds or throws
/// <see cref="DicomFormatException"/>; reading values of what parsed throws nothing but
/// <see cref="DicomException"/>s.
/// </summary>
public sealed class MutationFuzzTests(SampleFiles samples) : IClassFixture<SampleFiles>
{
    private const int CasesPerFile = 4000;

    [Theory]
    [InlineData("+te", false)]
    [InlineData("+te", true)]
    [InlineData("+ti", true)]
    [InlineData("+tb", false)]
    [InlineData("+td", false)]
    public void Mutated_files_only_ever_fail_with_a_format_exception(string syntaxOption, bool undefinedLengths)
    {
        var original = samples.Bytes(syntaxOption, undefinedLengths);
        var seed = syntaxOption.GetHashCode(StringComparison.Ordinal) ^ (undefinedLengths ? 1 : 0);
        var random = new Random(seed);
        var parsed = 0;
        for (var i = 0; i < CasesPerFile; i++)
        {
            var bytes = Mutate(original, random);
            try
            {
                using var file = i % 10 == 0 ? DicomFile.Read(new NonSeekableStream(bytes)) : DicomFile.Parse(bytes);
                parsed++;
                Touch(file.Dataset);
            }
            catch (DicomFormatException)
            {
            }
            catch (Exception ex)
            {
                Assert.Fail($"case {i} (seed {seed}): {ex.GetType().Name} escaped: {ex}");
            }
        }

        // Sanity: the mutations are neither all fatal nor all harmless.
        Assert.InRange(parsed, CasesPerFile / 50, CasesPerFile - CasesPerFile / 50);
    }

    [Fact]
    public void Mutated_bare_data_sets_only_ever_fail_with_a_format_exception()
    {
        using var file = DicomFile.Open(samples.Get("+te", undefinedLengths: true));
        var random = new Random(42);
        foreach (var syntax in new[] { DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian })
        {
            var original = file.Dataset.ToBytes(syntax);
            for (var i = 0; i < CasesPerFile / 2; i++)
            {
                var bytes = Mutate(original, random);
                try
                {
                    Touch(DicomDataset.Parse(bytes, syntax));
                }
                catch (DicomFormatException)
                {
                }
                catch (Exception ex)
                {
                    Assert.Fail($"{syntax.Name} case {i}: {ex.GetType().Name} escaped: {ex}");
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var mutations = random.Next(1, 4);
        for (var m = 0; m < mutations && bytes.Length > 16; m++)
        {
            switch (random.Next(6))
            {
                case 0:
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 2:
                    // Lengths are where parsers die: plant an extreme 32-bit value.
                    var at = random.Next(bytes.Length - 4);
                    uint[] extremes = [0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0, 1, 3, (uint)random.Next()];
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), extremes[random.Next(extremes.Length)]);
                    break;
                case 3:
                    var at16 = random.Next(bytes.Length - 2);
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at16), (ushort)random.Next(65536));
                    break;
                case 4:
                    Array.Resize(ref bytes, random.Next(m == mutations - 1 ? 0 : 16, bytes.Length));
                    break;
                default:
                    var from = random.Next(bytes.Length);
                    var len = random.Next(1, Math.Min(64, bytes.Length - from) + 1);
                    var insertAt = random.Next(bytes.Length);
                    bytes = [.. bytes[..insertAt], .. bytes.AsSpan(from, len), .. bytes[insertAt..]];
                    break;
            }
        }

        return bytes;
    }

    // Reading values may legitimately fail (bad numbers, unknown character sets), but only with our exceptions.
    private static void Touch(DicomDataset dataset)
    {
        foreach (var item in dataset)
        {
            try
            {
                switch (item)
                {
                    case DicomSequence s:
                        foreach (var child in s.Items)
                        {
                            Touch(child);
                        }

                        break;
                    case DicomFragmentSequence f:
                        _ = f.GetOffsets();
                        break;
                    case DicomElement e when e.VR != DicomVR.OB && e.Length < 4096:
                        _ = dataset.GetString(e.Tag);
                        _ = dataset.GetStrings(e.Tag);
                        _ = dataset.TryGetNumber<double>(e.Tag, out _);
                        break;
                }
            }
            catch (DicomException)
            {
            }
        }
    }
}
