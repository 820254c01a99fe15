using YamlDotNet.RepresentationModel;

namespace FedBus.Deployment.Tests;

/// <summary>YAML as plain values (mappings, lists, strings), with anchors and merge keys resolved as compose does.</summary>
internal static class Yaml
{
    public static Dictionary<string, object?> LoadMapping(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return (Dictionary<string, object?>)Plain(stream.Documents[0].RootNode)!;
    }

    public static Dictionary<string, object?> Map(object? value) => value as Dictionary<string, object?> ?? [];

    public static List<object?> List(object? value) => value as List<object?> ?? [];

    private static object? Plain(YamlNode node) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping),
        YamlSequenceNode sequence => sequence.Children.Select(Plain).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new InvalidDataException($"unexpected YAML node {node.NodeType} at {node.Start}"),
    };

    // "<<: *anchor" (or a list of anchors) first, then the mapping's own keys, which win.
    private static Dictionary<string, object?> Mapping(YamlMappingNode mapping)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "<<" })
            {
                var sources = value is YamlSequenceNode list ? list.Children : [value];
                foreach (var source in sources)
                {
                    foreach (var (k, v) in Mapping((YamlMappingNode)source)) result.TryAdd(k, v);
                }
            }
        }
        foreach (var (key, value) in mapping.Children)
        {
            if (key is YamlScalarNode { Value: "<<" }) continue;
            result[((YamlScalarNode)key).Value!] = Plain(value);
        }
        return result;
    }
}
