using System.Security.Cryptography;
using FedBus.ServiceDefaults.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FedBus.Testing;

/// <summary>
/// A real Kestrel server speaking the hub's weight-store protocol (<c>PUT/GET /aggregation/weights/{sha256}</c>, the body
/// checked against the URL's digest) over a real blob store; counts what it was asked, and can tamper with a stored file.
/// </summary>
public sealed class WeightHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _puts;
    private int _gets;

    private WeightHub(WebApplication app, FileSystemBlobStore blobs)
    {
        _app = app;
        Blobs = blobs;
    }

    public FileSystemBlobStore Blobs { get; }

    public Uri Url => new(_app.Urls.First());

    public int Puts => Volatile.Read(ref _puts);

    public int Gets => Volatile.Read(ref _gets);

    /// <param name="url">Where to listen; a free port on loopback when not given.</param>
    public static async Task<WeightHub> StartAsync(string blobRoot, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var hub = new WeightHub(app, new FileSystemBlobStore(blobRoot));
        app.MapPut("/aggregation/weights/{sha256}", async (string sha256, HttpRequest request) =>
        {
            Interlocked.Increment(ref hub._puts);
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var actual = Convert.ToHexStringLower(SHA256.HashData(body.ToArray()));
            if (actual != sha256) return Results.Problem($"digest mismatch: the body's SHA-256 is {actual}", statusCode: 400);
            await hub.Blobs.PutAsync(body.ToArray());
            return Results.Created($"/aggregation/weights/{sha256}", null);
        });
        app.MapGet("/aggregation/weights/{sha256}", (string sha256) =>
        {
            Interlocked.Increment(ref hub._gets);
            return hub.Blobs.Exists(sha256)
                ? Results.Stream(hub.Blobs.OpenRead(sha256), "application/octet-stream")
                : Results.Problem($"no weights {sha256}", statusCode: 404);
        });
        await app.StartAsync();
        return hub;
    }

    /// <summary>Flips one byte of the stored file in place: same name, same length, other content.</summary>
    public void Tamper(string sha256)
    {
        var path = Blobs.PathOf(sha256);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
