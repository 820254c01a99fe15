using System.Text.Json.Serialization;
using FedBus.Learning.Data.Format;

namespace FedBus.Learning.Data;

/// <summary>Source-generated reader for manifest.json: no reflection warm-up on the first load.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DatasetManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
