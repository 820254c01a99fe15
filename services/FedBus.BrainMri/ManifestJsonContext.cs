using System.Text.Json.Serialization;
using FedBus.BrainMri.Format;

namespace FedBus.BrainMri;

/// <summary>Source-generated reader for manifest.json: no reflection warm-up on the first load.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(DatasetManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
