using System.Text.RegularExpressions;
using FedBus.Testing;

namespace FedBus.Deployment.Tests;

/// <summary>The repository's Dockerfile, read as stages of instructions.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<IReadOnlyList<DockerInstruction>> stages) => Stages = stages;

    /// <summary>Each stage's instructions, its FROM first (instructions before the first FROM are left out).</summary>
    public IReadOnlyList<IReadOnlyList<DockerInstruction>> Stages { get; }

    /// <summary>The stage the image is made of.</summary>
    public IReadOnlyList<DockerInstruction> Final => Stages[^1];

    public static Dockerfile Load()
    {
        var stages = new List<List<DockerInstruction>>();
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Dockerfile"));
        var joined = Continuation().Replace(text, " ");
        foreach (var raw in joined.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = new DockerInstruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (instruction.Keyword == "FROM") stages.Add([]);
            if (stages.Count > 0) stages[^1].Add(instruction);
        }
        return new(stages);
    }

    /// <summary>The stage named in "FROM image AS name".</summary>
    public IReadOnlyList<DockerInstruction> Stage(string name) =>
        Stages.Single(s => s[0].Arguments.EndsWith(" AS " + name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The environment the final stage sets (ENV key=value pairs), with build args substituted, as a container of the
    /// image starts with it.
    /// </summary>
    public IReadOnlyDictionary<string, string> ImageEnvironment(IReadOnlyDictionary<string, string> buildArgs)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var env in Final.Where(i => i.Keyword == "ENV"))
        {
            foreach (Match pair in EnvPair().Matches(env.Arguments))
            {
                var value = pair.Groups["value"].Value.Trim('"');
                environment[pair.Groups["key"].Value] = Variable().Replace(value, m =>
                    buildArgs.TryGetValue(m.Groups[1].Value, out var arg) ? arg
                    : throw new InvalidDataException($"ENV uses ${{{m.Groups[1].Value}}}, which is not a build arg"));
            }
        }
        return environment;
    }

    [GeneratedRegex(@"\\[ \t]*\r?\n(\s*#[^\n]*\n)*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(?<key>[A-Za-z_][A-Za-z0-9_]*)=(?<value>""[^""]*""|\S+)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex Variable();
}
