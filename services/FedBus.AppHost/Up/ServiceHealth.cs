using System.Text.Json;

namespace FedBus.AppHost.Up;

/// <summary>One check of a service's /health report (an unhealthy service answers 503 with the same report).</summary>
internal static class ServiceHealth
{
    /// <summary>The named check's status and description; null when the service reports no such check.</summary>
    public static async Task<(string Status, string? Description)?> CheckAsync(HttpClient probe, Uri service, string check, CancellationToken cancellationToken)
    {
        using var response = await probe.GetAsync(new Uri(service, "health"), cancellationToken);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return report.RootElement.TryGetProperty("checks", out var checks) && checks.TryGetProperty(check, out var found)
            ? (found.GetProperty("status").GetString() ?? "", found.GetProperty("description").GetString())
            : null;
    }
}
