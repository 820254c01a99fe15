using System.Globalization;
using System.Text.Json;

namespace FedBus.Dicom.Json;

/// <summary>
/// The DICOM JSON Model (PS3.18 Annex F.2), as QIDO-RS and WADO-RS metadata answer with it. Bulk data (pixel data and
/// other large binary values) is referenced by URI when a resolver is given and left out otherwise.
/// </summary>
public static class DicomJsonWriter
{
    /// <summary>Binary values at most this long are written inline (base64); longer ones become bulk data.</summary>
    public const int InlineBinaryLimit = 1024;

    public static void Write(Utf8JsonWriter writer, DicomDataset dataset, Func<DicomTag, string?>? bulkDataUri = null)
    {
        writer.WriteStartObject();
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength) continue;
            switch (item)
            {
                case DicomSequence sequence:
                    writer.WriteStartObject(Key(item.Tag));
                    writer.WriteString("vr", "SQ");
                    if (sequence.Items.Count > 0)
                    {
                        writer.WriteStartArray("Value");
                        foreach (var child in sequence.Items) Write(writer, child, null);
                        writer.WriteEndArray();
                    }
                    writer.WriteEndObject();
                    break;
                case DicomFragmentSequence:
                    WriteBulk(writer, item, bulkDataUri);
                    break;
                case DicomElement element:
                    WriteElement(writer, dataset, element, bulkDataUri);
                    break;
            }
        }
        writer.WriteEndObject();
    }

    public static byte[] ToUtf8(IEnumerable<DicomDataset> datasets, Func<DicomDataset, Func<DicomTag, string?>?>? bulkDataUri = null)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var dataset in datasets) Write(writer, dataset, bulkDataUri?.Invoke(dataset));
            writer.WriteEndArray();
        }
        return buffer.ToArray();
    }

    private static void WriteElement(Utf8JsonWriter writer, DicomDataset dataset, DicomElement element, Func<DicomTag, string?>? bulkDataUri)
    {
        var code = element.VR.Code;
        switch (code)
        {
            case "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "UN":
                if (element.Length > InlineBinaryLimit || element.Tag == DicomTag.PixelData)
                {
                    WriteBulk(writer, element, bulkDataUri);
                    return;
                }
                writer.WriteStartObject(Key(element.Tag));
                writer.WriteString("vr", code);
                if (element.Length > 0) writer.WriteBase64String("InlineBinary", element.GetBytes().Span);
                writer.WriteEndObject();
                return;
        }

        writer.WriteStartObject(Key(element.Tag));
        writer.WriteString("vr", code);
        if (element.Length > 0)
        {
            switch (code)
            {
                case "PN":
                    WriteValues(writer, dataset.GetStrings(element.Tag), (w, v) => WritePersonName(w, v));
                    break;
                case "IS" or "DS":
                    WriteValues(writer, dataset.GetStrings(element.Tag), (w, v) => WriteDecimalString(w, v));
                    break;
                case "US" or "SS" or "UL" or "SL" or "FL" or "FD" or "SV" or "UV":
                    WriteNumbers(writer, dataset, element.Tag, code);
                    break;
                case "AT":
                    WriteValues(writer, dataset.GetTags(element.Tag), (w, t) => w.WriteStringValue($"{t.Group:X4}{t.Element:X4}"));
                    break;
                default:
                    WriteValues(writer, dataset.GetStrings(element.Tag), (w, v) =>
                    {
                        if (v.Length == 0) w.WriteNullValue();
                        else w.WriteStringValue(v);
                    });
                    break;
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter writer, DicomDataset dataset, DicomTag tag, string code)
    {
        writer.WriteStartArray("Value");
        switch (code)
        {
            case "FL" or "FD":
                foreach (var v in dataset.GetNumbers<double>(tag))
                {
                    if (double.IsFinite(v)) writer.WriteNumberValue(v);
                    else writer.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
                }
                break;
            case "UV":
                foreach (var v in dataset.GetNumbers<ulong>(tag)) writer.WriteNumberValue(v);
                break;
            default:
                foreach (var v in dataset.GetNumbers<long>(tag)) writer.WriteNumberValue(v);
                break;
        }
        writer.WriteEndArray();
    }

    private static void WriteBulk(Utf8JsonWriter writer, DicomItem item, Func<DicomTag, string?>? bulkDataUri)
    {
        var uri = bulkDataUri?.Invoke(item.Tag);
        if (uri is null) return;
        writer.WriteStartObject(Key(item.Tag));
        writer.WriteString("vr", item.VR.Code);
        writer.WriteString("BulkDataURI", uri);
        writer.WriteEndObject();
    }

    private static void WriteValues<T>(Utf8JsonWriter writer, IReadOnlyList<T> values, Action<Utf8JsonWriter, T> write)
    {
        if (values.Count == 0) return;
        writer.WriteStartArray("Value");
        foreach (var v in values) write(writer, v);
        writer.WriteEndArray();
    }

    private static void WritePersonName(Utf8JsonWriter writer, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNullValue();
            return;
        }
        var groups = value.Split('=');
        writer.WriteStartObject();
        string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
        for (var i = 0; i < Math.Min(groups.Length, names.Length); i++)
        {
            if (groups[i].Length > 0) writer.WriteString(names[i], groups[i]);
        }
        writer.WriteEndObject();
    }

    private static void WriteDecimalString(Utf8JsonWriter writer, string value)
    {
        var text = value.Trim();
        if (text.Length == 0) writer.WriteNullValue();
        else if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) writer.WriteNumberValue(l);
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) writer.WriteNumberValue(d);
        // A malformed number is kept as its text rather than dropped: the reader sees what the modality sent.
        else writer.WriteStringValue(text);
    }

    private static string Key(DicomTag tag) => $"{tag.Group:X4}{tag.Element:X4}";
}
