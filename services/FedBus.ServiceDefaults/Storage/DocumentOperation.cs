using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>One write of a <see cref="DocumentBatch"/>; the document is serialised when the write is added.</summary>
internal sealed record DocumentOperation(DocumentOperationKind Kind, string Collection, string Id, JsonObject? Document, long? ExpectedVersion)
{
    public override string ToString() => ExpectedVersion is { } v
        ? $"{Kind.ToString().ToLowerInvariant()} '{Id}' in '{Collection}' at version {v}"
        : $"{Kind.ToString().ToLowerInvariant()} '{Id}' in '{Collection}'";
}
