using System.Net.Http.Headers;
using System.Text.Json;

namespace FedBus.Ingestion.Tests;

/// <summary>What a DICOMweb client (OHIF, MONAI Label, dicomweb-client) sends and reads, built by hand.</summary>
internal static class DicomWebClient
{
    public static MultipartContent Stow(IEnumerable<byte[]> parts, string partType = "application/dicom")
    {
        var content = new MultipartContent("related", "fedbus-test-" + Guid.NewGuid().ToString("N"));
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", $"\"{partType}\""));
        foreach (var bytes in parts)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(partType);
            content.Add(part);
        }
        return content;
    }

    /// <summary>The parts of a multipart/related response, with their Content-Type.</summary>
    public static async Task<IReadOnlyList<(string ContentType, byte[] Body)>> ReadMultipartAsync(HttpResponseMessage response)
    {
        var boundary = response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, await response.Content.ReadAsStreamAsync());
        var parts = new List<(string, byte[])>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add((section.ContentType ?? "", buffer.ToArray()));
        }
        return parts;
    }

    /// <summary>A QIDO-RS search that must succeed; its results.</summary>
    public static async Task<IReadOnlyList<JsonElement>> SearchAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await JsonAsync(response)).EnumerateArray().ToList();
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;

    /// <summary>First value of an attribute in a DICOM JSON object, as text.</summary>
    public static string? Value(JsonElement dataset, string tag)
    {
        if (!dataset.TryGetProperty(tag, out var attribute) || !attribute.TryGetProperty("Value", out var values) || values.GetArrayLength() == 0) return null;
        var first = values[0];
        return first.ValueKind switch
        {
            JsonValueKind.Object => first.GetProperty("Alphabetic").GetString(),
            JsonValueKind.Number => first.GetRawText(),
            _ => first.GetString(),
        };
    }
}
