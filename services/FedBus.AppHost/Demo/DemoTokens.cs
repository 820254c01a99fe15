using System.Net.Http.Headers;
using FedBus.ServiceDefaults.Security;

namespace FedBus.AppHost.Demo;

/// <summary>
/// The demo's development key: made afresh per run, given to every host it composes (FedBus:Auth:SigningKey), and
/// used by its simulators to sign their own tokens, so they pass the same checks a real desk or PACS would.
/// </summary>
internal static class DemoTokens
{
    /// <summary>`up` hands its run's key to the simulator processes it starts, so their tokens pass the services' checks.</summary>
    public const string EnvironmentKey = "FEDBUS_DEMO_SIGNING_KEY";

    private static readonly Lazy<string> Key = new(() => Environment.GetEnvironmentVariable(EnvironmentKey) is { Length: > 0 } k ? k : DevelopmentTokens.NewKey());

    public const string SettingKey = "FedBus:Auth:SigningKey";

    public static string SigningKey => Key.Value;

    public static AuthenticationHeaderValue For(string role, string? site, string user) =>
        new("Bearer", DevelopmentTokens.Issue(Convert.FromBase64String(Key.Value), new AuthOptions(), user, [role], site, TimeSpan.FromDays(1)));
}
