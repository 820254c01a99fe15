namespace FedBus.Deployment.Tests;

/// <summary>A container port published on the Docker host; <see cref="HostIp"/> null means every interface.</summary>
internal sealed record PublishedPort(string? HostIp, int Published, int Target)
{
    public bool LoopbackOnly => HostIp is "127.0.0.1" or "::1" or "localhost";

    /// <summary>Reads "[ip:]published:target[/protocol]" or the long form (host_ip, published, target).</summary>
    public static PublishedPort Parse(object? value)
    {
        if (value is Dictionary<string, object?> longForm)
        {
            return new(longForm.GetValueOrDefault("host_ip") as string,
                int.Parse((string)longForm["published"]!, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse((string)longForm["target"]!, System.Globalization.CultureInfo.InvariantCulture));
        }
        var text = ((string)value!).Split('/')[0];
        var parts = text.Split(':');
        return parts.Length switch
        {
            1 => new(null, Port(parts[0]), Port(parts[0])),
            2 => new(null, Port(parts[0]), Port(parts[1])),
            3 => new(parts[0], Port(parts[1]), Port(parts[2])),
            _ => throw new InvalidDataException($"cannot read the port mapping '{text}'"),
        };

        static int Port(string p) => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
    }
}
