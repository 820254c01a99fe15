namespace FedBus.Dicom.Tests;

public sealed class DataModelTests
{
    [Theory]
    [InlineData("(0010,0010)")]
    [InlineData("0010,0010")]
    [InlineData("00100010")]
    [InlineData("PatientName")]
    public void Tags_parse_from_every_usual_spelling(string text) =>
        Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTag.Parse(text));

    [Fact]
    public void Private_tags_and_their_creators_are_recognised()
    {
        var data = new DicomTag(0x0029, 0x1001);
        Assert.True(data.IsPrivate);
        Assert.False(data.IsPrivateCreator);
        Assert.Equal(new DicomTag(0x0029, 0x0010), data.PrivateCreator);
        Assert.True(new DicomTag(0x0029, 0x0010).IsPrivateCreator);
        Assert.False(DicomTag.PatientName.IsPrivate);
        Assert.False(new DicomTag(0x0001, 0x0010).IsPrivate); // groups 1, 3, 5, 7 are not private (PS3.5 7.8.1)
        Assert.False(DicomTag.Item.IsPrivate);
        Assert.Equal("(0029,1001)", data.ToString());
        Assert.True(DicomTag.PatientName < DicomTag.PixelData);
    }

    [Fact]
    public void Exactly_the_standard_vrs_use_the_long_explicit_header()
    {
        var longHeader = DicomVR.All.Where(v => v.HasLongExplicitHeader).Select(v => v.Code).Order();

        Assert.Equal(["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"], longHeader);
        Assert.Equal(34, DicomVR.All.Count);
        Assert.Same(DicomVR.PN, DicomVR.Parse("PN"));
        Assert.Throws<FormatException>(() => DicomVR.Parse("p1"));
    }

    [Fact]
    public void The_generated_dictionary_knows_names_vrs_and_repeating_groups()
    {
        Assert.InRange(DicomDictionary.Count, 4900, 5100);
        var pn = DicomDictionary.Lookup(DicomTag.PatientName)!;
        Assert.Equal(("PatientName", "Patient Name", DicomVR.PN, "1"), (pn.Keyword, pn.Name, pn.VR, pn.VM));
        Assert.Equal("OverlayData", DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000))!.Keyword);
        Assert.Equal(DicomVR.OW, DicomDictionary.Lookup(new DicomTag(0x601E, 0x3000))!.VR);
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000)));
        Assert.Equal("SourceImageIDs", DicomDictionary.Lookup(new DicomTag(0x0020, 0x3102))!.Keyword);
        Assert.Equal(DicomVR.LO, DicomDictionary.Lookup(new DicomTag(0x0009, 0x0010))!.VR);
        Assert.Equal(DicomVR.UL, DicomDictionary.Lookup(new DicomTag(0x0011, 0x0000))!.VR);
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0029, 0x1001)));
        var us = DicomDictionary.Lookup(DicomTag.SmallestImagePixelValue)!;
        Assert.Equal((DicomVR.US, DicomVR.SS), (us.VR, us.AlternateVR));
        Assert.True(DicomDictionary.LookupKeyword("OverlayData")!.IsRepeating);
        Assert.Equal("SOP Class UID", DicomDictionary.Lookup(DicomTag.SOPClassUID)!.Name);
    }

    [Fact]
    public void Storage_sop_classes_are_listed_and_uids_are_generated_valid()
    {
        Assert.Contains(DicomUid.CTImageStorage, DicomUid.StorageSopClasses);
        Assert.Contains(DicomUid.EnhancedMRImageStorage, DicomUid.StorageSopClasses);
        Assert.Contains(DicomUid.SecondaryCaptureImageStorage, DicomUid.CurrentStorageSopClasses);
        Assert.DoesNotContain(DicomUid.VerificationSOPClass, DicomUid.StorageSopClasses);
        Assert.DoesNotContain(DicomUid.StorageCommitmentPushModelSOPClass, DicomUid.StorageSopClasses);
        Assert.InRange(DicomUid.StorageSopClasses.Count, 150, 250);
        Assert.Equal("CTImageStorage", DicomUid.GetName("1.2.840.10008.5.1.4.1.1.2"));

        var a = DicomUid.Generate();
        Assert.StartsWith("2.25.", a, StringComparison.Ordinal);
        Assert.True(DicomUid.IsValid(a), a);
        Assert.NotEqual(a, DicomUid.Generate());
        Assert.False(DicomUid.IsValid("1.02.3"));
    }

    [Fact]
    public void Transfer_syntaxes_describe_their_encoding_and_unknown_ones_are_assumed_encapsulated()
    {
        var be = DicomTransferSyntax.Lookup("1.2.840.10008.1.2.2");
        Assert.True(be.IsExplicitVR && be.IsBigEndian && !be.IsEncapsulated);
        Assert.False(DicomTransferSyntax.ImplicitVRLittleEndian.IsExplicitVR);
        Assert.True(DicomTransferSyntax.DeflatedExplicitVRLittleEndian.IsDeflated);
        Assert.Equal(DicomCodecFamily.JpegLs, DicomTransferSyntax.Lookup("1.2.840.10008.1.2.4.80\0").CodecFamily);

        var unknown = DicomTransferSyntax.Lookup("1.2.3.4.5");
        Assert.False(unknown.IsKnown);
        Assert.True(unknown.IsExplicitVR && unknown.IsLittleEndian && unknown.IsEncapsulated);
    }

    [Fact]
    public void Data_sets_keep_tag_order_whatever_the_order_of_adding()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.PatientID, "2")
            .AddOrUpdate(DicomTag.Modality, "CT")
            .AddOrUpdate(DicomTag.PatientName, "A^B")
            .AddOrUpdate(DicomTag.PatientID, "3");

        Assert.Equal([DicomTag.Modality, DicomTag.PatientName, DicomTag.PatientID], ds.Select(i => i.Tag));
        Assert.Equal("3", ds.GetString(DicomTag.PatientID));
        Assert.Throws<ArgumentException>(() => ds.Add(new DicomElement(DicomTag.Modality, DicomVR.CS, "MR"u8.ToArray())));
        Assert.True(ds.Remove(DicomTag.Modality));
        Assert.False(ds.Contains(DicomTag.Modality));
        Assert.Null(ds.GetString(DicomTag.Modality));
    }

    [Fact]
    public void Numbers_round_trip_through_binary_and_string_vrs()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.Rows, (ushort)512)
            .AddOrUpdate(DicomTag.PixelSpacing, 0.48828125, 0.5)
            .AddOrUpdate(DicomTag.InstanceNumber, 42)
            .AddOrUpdate(DicomTag.RescaleIntercept, -1024.0)
            .AddOrUpdate(DicomTag.ReferencePixelX0, -5);

        Assert.Equal(512, ds.GetNumber<int>(DicomTag.Rows));
        Assert.Equal([0.48828125, 0.5], ds.GetNumbers<double>(DicomTag.PixelSpacing));
        Assert.Equal("0.48828125\\0.5", ds.GetString(DicomTag.PixelSpacing));
        Assert.Equal(42, ds.GetNumber<int>(DicomTag.InstanceNumber));
        Assert.Equal(-1024, ds.GetNumber<double>(DicomTag.RescaleIntercept));
        Assert.Equal(-5, ds.GetNumber<int>(DicomTag.ReferencePixelX0));
        Assert.Equal(DicomVR.SL, ds.GetElement(DicomTag.ReferencePixelX0)!.VR);
        Assert.Throws<DicomDataException>(() => ds.GetNumber<byte>(DicomTag.Rows));
        Assert.Throws<DicomDataException>(() => ds.GetNumber<int>(DicomTag.Columns));
        Assert.Equal(7, ds.GetNumberOrDefault(DicomTag.Columns, 7));
        Assert.Throws<DicomDataException>(() => new DicomDataset().AddOrUpdate(DicomTag.Rows, 70000));
        Assert.Throws<DicomDataException>(() => new DicomDataset().AddOrUpdate(new DicomTag(0x0029, 0x1001), "x"));
    }

    [Fact]
    public void Dates_times_and_names_are_typed()
    {
        var ds = new DicomDataset()
            .AddOrUpdate(DicomTag.StudyDate, new DateOnly(2023, 12, 24))
            .AddOrUpdate(DicomTag.StudyTime, new TimeOnly(7, 5, 3, 250))
            .AddOrUpdate(DicomTag.AcquisitionDateTime, new DateTime(2023, 12, 24, 7, 5, 3), TimeSpan.FromHours(-5))
            .AddOrUpdate(DicomTag.PatientName, new DicomPersonName("Doe", "Jane", Prefix: "Dr"));

        Assert.Equal("20231224", ds.GetString(DicomTag.StudyDate));
        Assert.Equal("070503.25", ds.GetString(DicomTag.StudyTime));
        Assert.Equal("20231224070503-0500", ds.GetString(DicomTag.AcquisitionDateTime));
        Assert.Equal("Doe^Jane^^Dr", ds.GetString(DicomTag.PatientName));
        Assert.Equal(new DateTime(2023, 12, 24, 7, 5, 3, 250), ds.GetDateTime(DicomTag.StudyDate, DicomTag.StudyTime));
        Assert.Equal(new TimeOnly(10, 0), DicomDateTimeText.ParseTime("10"));
        Assert.Equal(new TimeOnly(10, 30, 15), DicomDateTimeText.ParseTime("10:30:15"));
        Assert.Equal(new DateOnly(1999, 1, 2), DicomDateTimeText.ParseDate("1999.01.02"));
        Assert.Null(DicomDateTimeText.ParseDate("19991302"));
        Assert.True(DicomDateTimeText.TryParseDateTime("2024", out var year, out var none));
        Assert.Equal((new DateTime(2024, 1, 1), (TimeSpan?)null), (year, none));

        ds.AddOrUpdate(DicomTag.SeriesDate, DicomVR.DA, "2023-12-24");
        Assert.Throws<DicomDataException>(() => ds.GetDate(DicomTag.SeriesDate));
    }
}
