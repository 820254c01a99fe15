using FedBus.Contracts;

namespace FedBus.ServiceDefaults.Federation;

/// <summary>
/// The only message types that cross between a site and the hub. Everything else stays in its own scope.
/// Site → hub types must pass <see cref="PatientIdentityCheck"/>: they are built so that they cannot carry PHI.
/// </summary>
public static class FederationWhitelist
{
    public static IReadOnlyList<Type> SiteToHub { get; } =
        [typeof(ModelUpdateSubmitted), typeof(SiteStatisticsReported), typeof(CandidateModelValidated)];

    public static IReadOnlyList<Type> HubToSite { get; } =
        [
            typeof(TrainingRoundStarted), typeof(ValidateCandidateModel), typeof(GlobalModelPublished),
            typeof(TrainingRoundClosed), typeof(FederationStatisticsPublished),
        ];

    public static bool CrossesUp(Type messageType) => SiteToHub.Contains(messageType);

    public static bool CrossesDown(Type messageType) => HubToSite.Contains(messageType);
}
