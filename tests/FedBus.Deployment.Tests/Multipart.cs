using Microsoft.AspNetCore.WebUtilities;

namespace FedBus.Deployment.Tests;

/// <summary>The bodies of a multipart/related response (WADO-RS).</summary>
internal static class Multipart
{
    public static async Task<IReadOnlyList<byte[]>> ReadAsync(HttpResponseMessage response)
    {
        var boundary = response.Content.Headers.ContentType!.Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync());
        var parts = new List<byte[]>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            parts.Add(buffer.ToArray());
        }
        return parts;
    }
}
