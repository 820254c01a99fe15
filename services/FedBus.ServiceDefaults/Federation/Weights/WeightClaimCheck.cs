using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using FedBus.Contracts;
using FedBus.ServiceDefaults.Blobs;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Federation.Weights;

/// <summary>
/// Weights on the wire. <see cref="PackAsync"/> turns a safetensors file into a <see cref="ModelWeights"/> claim: inline
/// when small, otherwise uploaded to the hub's weight store (or, at the hub, kept in its own blob store, which backs that
/// store). <see cref="ResolveAsync"/> gets the bytes back — inline, from the local blob store, or from the hub (then kept
/// in the local blob store) — and checks size and SHA-256 on every read. At the hub, whatever it resolves is kept in its
/// blob store, inline copies included.
/// </summary>
public sealed partial class WeightClaimCheck
{
    private readonly IBlobStore _blobs;
    private readonly IHttpClientFactory _http;
    private readonly FederationOptions _options;
    private readonly bool _isHub;
    private readonly ILogger<WeightClaimCheck> _logger;

    public WeightClaimCheck(IBlobStore blobs, IHttpClientFactory http, FederationOptions options, FedBusOptions fedBus, ILogger<WeightClaimCheck> logger)
    {
        _blobs = blobs;
        _http = http;
        _options = options;
        _isHub = options.IsHubFor(fedBus);
        _logger = logger;
    }

    /// <summary>This process packs into its own blob store (the hub) rather than uploading.</summary>
    public bool IsHub => _isHub;

    /// <summary>
    /// The claim for a safetensors file: inline when at most FedBus:Federation:InlineWeightsLimitBytes, else only the digest
    /// (after uploading the file to the hub's weight store; at the hub, after storing it in its own blob store, which is
    /// that store). The hub keeps every file it packs, small ones too: its registry serves them later.
    /// </summary>
    public async Task<ModelWeights> PackAsync(ReadOnlyMemory<byte> safetensors, CancellationToken cancellationToken = default)
    {
        var bytes = MemoryMarshal.TryGetArray(safetensors, out var segment) && segment is { Offset: 0, Array: { } array } && array.Length == segment.Count
            ? array
            : safetensors.ToArray();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var inline = bytes.Length <= _options.InlineWeightsLimitBytes;
        if (_isHub)
        {
            await _blobs.PutAsync(bytes, cancellationToken);
            WeightsLog.StoredAtHub(_logger, sha256, bytes.Length);
            return new ModelWeights(sha256, bytes.Length, inline ? bytes : null);
        }
        if (inline) return new ModelWeights(sha256, bytes.Length, bytes);

        if (_options.HubUrl is null)
            throw new WeightsUnavailableException(
                $"Weights {sha256} are {bytes.Length} bytes, over {FederationOptions.Section}:{nameof(FederationOptions.InlineWeightsLimitBytes)} " +
                $"({_options.InlineWeightsLimitBytes}), and {FederationOptions.Section}:{nameof(FederationOptions.HubUrl)} is not set: a site needs the hub's address to upload them.");
        var client = Client();
        await WithTransferTimeout(sha256, client, ct => client.UploadAsync(sha256, bytes, ct), cancellationToken);
        // Kept here too: this site resolves its own update (a retried message, a later evaluation) without a round trip.
        await _blobs.PutAsync(bytes, cancellationToken);
        WeightsLog.Uploaded(_logger, sha256, bytes.Length, client.AddressOf(sha256));
        return new ModelWeights(sha256, bytes.Length, null);
    }

    public async Task<byte[]> ResolveAsync(ModelWeights weights, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var sha256 = weights.WeightsSha256;
        if (sha256 is null || !Sha256Hex().IsMatch(sha256))
            throw new WeightsUnavailableException($"Weight claim names '{sha256}', which is not a lower-case hex SHA-256.");
        if (weights.SizeBytes < 0 || weights.SizeBytes > _options.MaxWeightsBytes)
            throw new WeightsUnavailableException(
                $"Weight claim {sha256} says {weights.SizeBytes} bytes; accepted are 0 to {_options.MaxWeightsBytes} ({FederationOptions.Section}:{nameof(FederationOptions.MaxWeightsBytes)}).");

        if (weights.Inline is { } inline)
        {
            if (Problem(inline, weights) is { } problem) throw new WeightVerificationException(sha256, "inline", problem);
            // Kept by digest: at the hub its store is the weight store; at a site a job recorded now and run later (after a
            // restart too) finds the file by its digest alone, without the message.
            await _blobs.PutAsync(inline, cancellationToken);
            return inline;
        }

        if (_blobs.Exists(sha256))
        {
            byte[]? cached = null;
            try
            {
                cached = await _blobs.ReadAllBytesAsync(sha256, cancellationToken);
            }
            catch (BlobNotFoundException)
            {
                // Deleted between the two calls (housekeeping): fetch it like any other.
            }
            if (cached is not null)
            {
                var problem = Problem(cached, weights);
                if (problem is null) return cached;
                // At a site the blob store is only a cache of the hub's copy; at the hub it is the copy, so a bad one is an error.
                if (_isHub) throw new WeightVerificationException(sha256, "this hub's weight store", problem);
                WeightsLog.CorruptCacheRemoved(_logger, sha256, problem);
                _blobs.Delete(sha256);
            }
        }

        if (_options.HubUrl is null)
            throw new WeightTransferException(sha256, _isHub ? "this hub's weight store" : "(no hub)", null, _isHub
                ? "not in this hub's weight store, and the claim carries no inline copy"
                : $"not inline, not in the local blob store, and {FederationOptions.Section}:{nameof(FederationOptions.HubUrl)} is not set");

        var client = Client();
        var bytes = await WithTransferTimeout(sha256, client, ct => client.DownloadAsync(sha256, weights.SizeBytes, ct), cancellationToken);
        if (Problem(bytes, weights) is { } mismatch) throw new WeightVerificationException(sha256, client.AddressOf(sha256).ToString(), mismatch);
        // Only verified bytes enter the cache: the store is content-addressed, so bytes of another digest would land under that one.
        await _blobs.PutAsync(bytes, cancellationToken);
        WeightsLog.Fetched(_logger, sha256, bytes.Length, client.AddressOf(sha256));
        return bytes;
    }

    private static string? Problem(byte[] bytes, ModelWeights claim)
    {
        if (bytes.LongLength != claim.SizeBytes) return $"{bytes.LongLength} bytes where the claim says {claim.SizeBytes}";
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == claim.WeightsSha256 ? null : $"their SHA-256 is {actual}";
    }

    private WeightStoreClient Client() => new(_http.CreateClient(WeightStoreClient.HttpClientName), _options.HubUrl!);

    private async Task<T> WithTransferTimeout<T>(string sha256, WeightStoreClient client, Func<CancellationToken, Task<T>> transfer, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.WeightTransferTimeout);
        try
        {
            return await transfer(timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WeightTransferException(sha256, client.AddressOf(sha256).ToString(), null,
                $"the transfer did not finish within {_options.WeightTransferTimeout} ({FederationOptions.Section}:{nameof(FederationOptions.WeightTransferTimeout)})", e);
        }
    }

    private Task WithTransferTimeout(string sha256, WeightStoreClient client, Func<CancellationToken, Task> transfer, CancellationToken cancellationToken) =>
        WithTransferTimeout(sha256, client, async ct =>
        {
            await transfer(ct);
            return true;
        }, cancellationToken);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
