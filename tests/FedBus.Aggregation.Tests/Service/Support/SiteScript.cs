namespace FedBus.Aggregation.Tests.Service.Support;

/// <summary>
/// How one fake site behaves: whether it trains when invited (its update = base weights + <see cref="Offset"/> on every
/// network float, with an image profile of <see cref="ProfileCount"/> images of mean <see cref="ProfileMean"/>), which
/// base version it claims, whether it validates candidates and with which figures.
/// </summary>
public sealed record SiteScript(
    bool Trains = true,
    float Offset = 0.01f,
    int Samples = 10,
    int? ClaimedBaseVersion = null,
    bool Validates = true,
    double CandidateDice = 0.85,
    double CurrentDice = 0.80,
    int ValidationCases = 20,
    long ProfileCount = 10,
    float ProfileMean = 1f);
