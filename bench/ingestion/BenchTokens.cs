using System.Net.Http.Headers;
using FedBus.ServiceDefaults.Security;

namespace FedBus.Bench.Ingestion;

/// <summary>A development key made for this run, given to the service it starts, and a site token its queries carry.</summary>
internal static class BenchTokens
{
    public const string Site = "bench";

    public static string SigningKey { get; } = DevelopmentTokens.NewKey();

    public static AuthenticationHeaderValue Bearer() =>
        new("Bearer", DevelopmentTokens.Issue(Convert.FromBase64String(SigningKey), new AuthOptions(), "ingestion-bench", [FedBusRoles.Service], Site, TimeSpan.FromHours(12)));
}
