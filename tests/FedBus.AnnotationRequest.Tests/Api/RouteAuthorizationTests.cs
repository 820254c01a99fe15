using FedBus.AnnotationRequest.Tests.Support;
using FedBus.ServiceDefaults.Security;
using FedBus.Testing;
using Xunit.Abstractions;

namespace FedBus.AnnotationRequest.Tests.Api;

/// <summary>Every route of the worklist's OpenAPI document: no token 401, another role or site 403, a radiologist of the site neither.</summary>
public sealed class RouteAuthorizationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    private static readonly Dictionary<string, string> Table = new()
    {
        ["GET /annotations/tasks"] = FedBusPolicies.SiteRadiologist,
        ["GET /annotations/tasks/{taskId}"] = FedBusPolicies.SiteRadiologist,
        ["POST /annotations/tasks/{taskId}/claim"] = FedBusPolicies.SiteRadiologist,
        ["GET /annotations/tasks/{taskId}/prefill"] = FedBusPolicies.SiteRadiologist,
        ["POST /annotations/tasks/{taskId}/submissions"] = FedBusPolicies.SiteRadiologist,
        ["GET /annotations/tasks/{taskId}/submissions/{submissionId}/label"] = FedBusPolicies.SiteRadiologist,
        ["POST /annotations/tasks/{taskId}/skip"] = FedBusPolicies.SiteRadiologist,
        ["POST /annotations/tasks/{taskId}/cancel"] = FedBusPolicies.SiteStaff,
        ["GET /annotations/history"] = FedBusPolicies.SiteRadiologist,
    };

    [Fact]
    public async Task Every_route_refuses_no_token_with_401_and_a_wrong_role_or_site_with_403_and_lets_the_right_reader_in()
    {
        await using var host = new AnnotationHost(_folder.Path);
        using var client = host.CreateClient();
        foreach (var line in await RouteAuthorization.CheckAsync(client, "/annotations/openapi/annotations.json", Table, Results.Site)) output.WriteLine(line);
    }

    [Fact]
    public async Task Every_route_that_takes_a_body_states_its_limit_and_answers_413_to_one_byte_more()
    {
        await using var host = new AnnotationHost(_folder.Path);
        using var client = host.CreateClient();
        foreach (var line in await RequestLimitCheck.CheckAsync(client, "/annotations/openapi/annotations.json", Table, Results.Site)) output.WriteLine(line);
    }

    public void Dispose() => _folder.Dispose();
}
