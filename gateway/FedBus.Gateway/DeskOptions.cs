namespace FedBus.Gateway;

/// <summary>
/// The desk (<c>FedBus:Gateway:Desk</c>): where its files are (the build puts them in <c>desk/</c> beside the assembly),
/// and the hospital's OIDC sign-in it offers (<see cref="SignIn"/>; none configured: the desk takes pasted tokens only).
/// </summary>
public sealed class DeskOptions
{
    public const string Section = "FedBus:Gateway:Desk";

    public string Root { get; set; } = Path.Combine(AppContext.BaseDirectory, "desk");

    public DeskSignInOptions SignIn { get; set; } = new();
}
