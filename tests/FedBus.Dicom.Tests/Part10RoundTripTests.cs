using FedBus.Dicom.Tests.Support;

namespace FedBus.Dicom.Tests;

public sealed class Part10RoundTripTests : IDisposable
{
    private readonly TempDirectory dir = new();

    public static TheoryData<string, bool> Syntaxes => new()
    {
        { "+te", false }, { "+te", true },
        { "+ti", false }, { "+ti", true },
        { "+tb", false }, { "+tb", true },
        { "+td", false }, { "+td", true },
    };

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Reads_and_rewrites_a_dcmtk_file_with_identical_dcmdump_output(string syntaxOption, bool undefinedLengths)
    {
        var source = MakeSample(syntaxOption, undefinedLengths);

        using (var file = DicomFile.Open(source))
        {
            file.Save(dir.File("ours.dcm"));
        }

        Assert.Equal(Dcmtk.DumpDataset(source), Dcmtk.DumpDataset(dir.File("ours.dcm")));
        using var again = DicomFile.Open(dir.File("ours.dcm"));
        using var original = DicomFile.Open(source);
        Assert.Equal(original.TransferSyntax, again.TransferSyntax);
        Assert.Equal(original.Meta.MediaStorageSopInstanceUid, again.Meta.MediaStorageSopInstanceUid);
    }

    [Theory]
    [InlineData("+ti")]
    [InlineData("+tb")]
    [InlineData("+td")]
    public void Transcodes_explicit_little_endian_exactly_as_dcmconv_does(string syntaxOption)
    {
        var source = MakeSample("+te", undefinedLengths: false);
        Dcmtk.Run("dcmconv", "-q", syntaxOption, source, dir.File("dcmtk.dcm"));
        using var file = DicomFile.Open(source);
        var target = DicomFile.Open(dir.File("dcmtk.dcm")).TransferSyntax;

        file.Save(dir.File("ours.dcm"), target);

        Assert.Equal(Dcmtk.DumpDataset(dir.File("dcmtk.dcm")), Dcmtk.DumpDataset(dir.File("ours.dcm")));
    }

    [Theory]
    [InlineData("dcmcrle", "+ot")]
    [InlineData("dcmcjpls", "-ot")]
    [InlineData("dcmcjpeg", "+ot")]
    public void Rewrites_encapsulated_pixel_data_fragment_for_fragment(string tool, string offsetTable)
    {
        var image = Support.ImageCatalog.Get("mono8-64-multiframe");
        var native = SampleDumps.Make(dir, "native", image.ToDump());
        Dcmtk.Run(tool, "-q", offsetTable, "+fs", "1", native, dir.File("compressed.dcm"));

        using (var file = DicomFile.Open(dir.File("compressed.dcm")))
        {
            Assert.True(file.TransferSyntax.IsEncapsulated);
            file.Save(dir.File("ours.dcm"));
        }

        Assert.Equal(Dcmtk.DumpDataset(dir.File("compressed.dcm")), Dcmtk.DumpDataset(dir.File("ours.dcm")));
    }

    [Fact]
    public void Reads_typed_values_of_every_vr()
    {
        using var file = DicomFile.Open(MakeSample("+te", undefinedLengths: false));
        var ds = file.Dataset;

        Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], ds.GetStrings(DicomTag.ImageType));
        Assert.Equal(DicomUid.CTImageStorage, ds.GetString(DicomTag.SOPClassUID));
        Assert.Equal(new DateOnly(2024, 1, 31), ds.GetDate(DicomTag.StudyDate));
        Assert.Equal(new TimeOnly(10, 15, 30).Add(TimeSpan.FromTicks(1234560)), ds.GetTime(DicomTag.StudyTime));
        Assert.True(ds.TryGetDateTime(DicomTag.AcquisitionDateTime, out var dt, out var offset));
        Assert.Equal(new DateTime(2024, 1, 31, 10, 15, 30, 500), dt);
        Assert.Equal(TimeSpan.FromHours(1), offset);
        Assert.Equal("  Main Street 1", ds.GetString(DicomTag.InstitutionAddress));
        Assert.Equal(SampleDumps.PatientName, ds.GetString(DicomTag.PatientName));
        Assert.Equal("Müller", ds.GetPersonName(DicomTag.PatientName)!.FamilyName);
        Assert.Equal("Dr.", ds.GetPersonName(DicomTag.PatientName)!.Prefix);
        Assert.Equal([1.5, -2.25], ds.GetNumbers<double>(DicomTag.TimeRange));
        Assert.Equal(29.97f, ds.GetNumber<float>(DicomTag.RecommendedDisplayFrameRateInFloat));
        Assert.Equal(-7, ds.GetNumber<int>(DicomTag.ReferencePixelX0));
        Assert.Equal((short)-3, ds.GetNumber<short>(DicomTag.TagAngleSecondAxis));
        Assert.Equal(7, ds.GetNumber<int>(DicomTag.InstanceNumber));
        Assert.Equal([-125.5, -125.5, 30], ds.GetNumbers<double>(DicomTag.ImagePositionPatient));
        Assert.Equal(4, ds.GetNumber<int>(DicomTag.Rows));
        Assert.Equal([DicomTag.FrameTime, DicomTag.FrameTimeVector], ds.GetTags(DicomTag.FrameIncrementPointer));
        Assert.Equal([1.5f, 2.5f], ds.GetNumbers<float>(DicomTag.VerticesOfThePolygonalOutline));
        Assert.Equal(3.25, ds.GetNumber<double>(DicomTag.DoublePointCoordinatesData));
        Assert.Equal([1u, 2u, 3u], ds.GetNumbers<uint>(DicomTag.LongPrimitivePointIndexList));
        Assert.Equal(1234567890123UL, ds.GetNumber<ulong>(DicomTag.SelectorOVValue));
        Assert.Equal(-9876543210L, ds.GetNumber<long>(DicomTag.SelectorSVValue));
        Assert.Equal(ulong.MaxValue, ds.GetNumber<ulong>(DicomTag.SelectorUVValue));
        Assert.Equal("http://example.org/x", ds.GetString(DicomTag.URNCodeValue));
        Assert.Equal("a long code value", ds.GetString(DicomTag.LongCodeValue));
        Assert.Equal("some unlimited text", ds.GetString(DicomTag.PrivateDataElementDescription));
        Assert.Equal("042Y", ds.GetString(DicomTag.PatientAge));

        var refs = ds.GetSequence(DicomTag.ReferencedImageSequence)!;
        Assert.Equal(2, refs.Items.Count);
        Assert.Equal("1.2.3.4", refs.Items[0].GetString(DicomTag.ReferencedSOPInstanceUID));
        var nested = refs.Items[1].GetSequence(DicomTag.PurposeOfReferenceCodeSequence)!;
        Assert.Equal("Localizer", nested.Items[0].GetString(DicomTag.CodeMeaning));
        Assert.Empty(ds.GetSequence(new DicomTag(0x0008, 0x1199))!.Items);
        Assert.Empty(ds.GetSequence(DicomTag.ContentSequence)!.Items[0]);

        Assert.Equal("ACME 1.0", ds.GetString(new DicomTag(0x0029, 0x0010)));
        Assert.Equal("private value", ds.GetString(new DicomTag(0x0029, 0x1001)));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ds.GetElement(new DicomTag(0x0029, 0x1002))!.GetBytes().ToArray());
        Assert.Single(ds.GetSequence(new DicomTag(0x0029, 0x1003))!.Items);
    }

    private string MakeSample(string syntaxOption, bool undefinedLengths)
    {
        var name = $"sample{syntaxOption.TrimStart('+')}{(undefinedLengths ? "u" : "e")}";
        var explicitLe = SampleDumps.Make(dir, name + "-le", SampleDumps.AllVRs(), undefinedLengths ? "-e" : "+e");
        var target = dir.File(name + ".dcm");
        Dcmtk.Run("dcmconv", "-q", syntaxOption, undefinedLengths ? "-e" : "+e", explicitLe, target);
        return target;
    }

    public void Dispose() => dir.Dispose();
}
