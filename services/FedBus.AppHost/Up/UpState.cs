using System.Text.Json;

namespace FedBus.AppHost.Up;

/// <summary>
/// up-state.json in the run's folder: what `up` started and created, so `down` (another process, maybe much later) stops
/// exactly that and nothing else. Written after every change, temp file then rename.
/// </summary>
public sealed class UpState
{
    public const string FileName = "up-state.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string RunId { get; set; } = "";

    public string ManagementUrl { get; set; } = "";

    public string AmqpEndpoint { get; set; } = "";

    public List<string> VirtualHosts { get; set; } = [];

    /// <summary>The shovels' broker users the hub's link created (deleted by `down`; deleting the virtual hosts removes the shovels).</summary>
    public List<string> LinkUsers { get; set; } = [];

    public List<UpProcess> Processes { get; set; } = [];

    /// <summary>The run's development signing key (tokens for its services), as `token --key-file` would keep it.</summary>
    public string SigningKey { get; set; } = "";

    public bool Detached { get; set; }

    public static string PathIn(string folder) => Path.Combine(folder, FileName);

    public async Task SaveAsync(string folder)
    {
        var path = PathIn(folder);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }

    public static UpState? Load(string folder)
    {
        var path = PathIn(folder);
        if (!File.Exists(path)) return null;
        return JsonSerializer.Deserialize<UpState>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}
