using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using FedBus.BrainMri.Format;

namespace FedBus.DatasetBuilder.Output;

/// <summary>
/// Turns the built dataset into its files (name → bytes) without touching the disk, so the same
/// bytes can be written or compared with what is already committed.
/// </summary>
public static class DatasetWriter
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Concatenate planes; gzip with no timestamp (GZipStream writes none) for byte-identical rebuilds.</summary>
    public static (byte[] Compressed, string Sha256) PackPlanes(IReadOnlyList<byte[]> planes, IReadOnlyList<byte[]>? deltaFrom = null)
    {
        int planeBytes = planes.Count == 0 ? 0 : planes[0].Length;
        var raw = new byte[planes.Count * planeBytes];
        for (int n = 0; n < planes.Count; n++)
        {
            if (planes[n].Length != planeBytes)
                throw new InvalidOperationException($"plane {n} has {planes[n].Length} bytes, expected {planeBytes}.");
            planes[n].CopyTo(raw, n * planeBytes);
        }
        string sha = Sha256Hex(raw);
        if (deltaFrom is not null)
        {
            for (int n = 0; n < planes.Count; n++)
                for (int i = 0; i < planeBytes; i++)
                    raw[n * planeBytes + i] = unchecked((byte)(planes[n][i] - deltaFrom[n][i]));
        }
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
            gz.Write(raw);
        return (output.ToArray(), sha);
    }

    public static byte[] ManifestBytes(DatasetManifest manifest)
    {
        var text = JsonSerializer.Serialize(manifest, Json).ReplaceLineEndings("\n") + "\n";
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
