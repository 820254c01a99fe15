namespace FedBus.Gateway;

/// <summary>Where the desk's files are (<c>FedBus:Gateway:Desk</c>); the build puts them in <c>desk/</c> beside the assembly.</summary>
public sealed class DeskOptions
{
    public const string Section = "FedBus:Gateway:Desk";

    public string Root { get; set; } = Path.Combine(AppContext.BaseDirectory, "desk");
}
