namespace FedBus.AppHost.Up;

/// <summary>
/// One process `up` started. <see cref="StartTicks"/> (the kernel's start time of the pid) tells `down` whether the pid
/// still is that process, not a later one that reused the number.
/// </summary>
public sealed class UpProcess
{
    public string Name { get; set; } = "";

    public string Role { get; set; } = "";

    public string? SiteId { get; set; }

    public int Pid { get; set; }

    public long StartTicks { get; set; }

    public string? Url { get; set; }

    public int? DicomPort { get; set; }

    public string? VirtualHost { get; set; }

    public string Log { get; set; } = "";
}
