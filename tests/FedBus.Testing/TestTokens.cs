using System.Net.Http.Headers;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Testing;

/// <summary>
/// Bearer tokens for test hosts: every host a test starts is given <see cref="SigningKey"/> (FedBus:Auth:SigningKey,
/// or FedBus__Auth__SigningKey for a process) and its clients carry tokens signed with it. A test key, never a real one.
/// </summary>
public static class TestTokens
{
    /// <summary>32 fixed bytes, base64: the development key every test host accepts.</summary>
    public const string SigningKey = "ZmVkYnVzLXRlc3QtZGV2ZWxvcG1lbnQta2V5LTMyYnl0ZXM=";

    public const string SettingKey = AuthOptions.Section + ":SigningKey";

    public const string EnvironmentKey = "FedBus__Auth__SigningKey";

    /// <summary>Every site role at once: what a test host's general-purpose client carries.</summary>
    public static readonly string[] AllSiteRoles = [FedBusRoles.Radiologist, FedBusRoles.SiteAdmin, FedBusRoles.Service];

    public static string Issue(string user, string? site, params string[] roles) =>
        DevelopmentTokens.Issue(Convert.FromBase64String(SigningKey), new AuthOptions(), user, roles, site, TimeSpan.FromHours(2));

    public static AuthenticationHeaderValue Bearer(string user, string? site, params string[] roles) => new("Bearer", Issue(user, site, roles));

    /// <summary>A token of <paramref name="site"/> with every site role, for <paramref name="user"/>.</summary>
    public static AuthenticationHeaderValue SiteBearer(string? site, string user = "test-user") => Bearer(user, site, AllSiteRoles);

    /// <summary>Adds the key to a host's settings (in place) and returns them.</summary>
    public static T WithKey<T>(T settings) where T : IDictionary<string, string?>
    {
        settings[SettingKey] = SigningKey;
        return settings;
    }
}
