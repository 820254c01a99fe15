using System.Text.Json;
using System.Text.Json.Nodes;

namespace FedBus.ServiceDefaults.Storage;

/// <summary>How a JSON number is stored: integers as 32/64-bit, the rest as double (decimal precision is not kept).</summary>
internal static class JsonNumbers
{
    public static object Read(JsonValue value)
    {
        if (value.TryGetValue<long>(out var l)) return l is >= int.MinValue and <= int.MaxValue ? (int)l : l;
        if (value.TryGetValue<JsonElement>(out var e) && e.TryGetInt64(out l)) return l is >= int.MinValue and <= int.MaxValue ? (int)l : l;
        return value.GetValue<double>();
    }
}
