namespace FedBus.AppHost.Up;

/// <summary>
/// report.json's "delivery" of an `up` run: what was checked against the services' APIs (studies sent, their instances,
/// submissions, round updates) and every study, instance, submission or update that was lost or applied twice.
/// </summary>
public sealed record DeliveryAudit(int StudiesSent, int InstancesSent, int InstancesPredictedOnce, int SubmissionsChecked, int UpdatesChecked,
    IReadOnlyList<string> Problems)
{
    public bool ExactlyOnce => Problems.Count == 0;
}
