namespace FedBus.Training.Api;

/// <summary>Cases whose label holds the class, per pool.</summary>
public sealed record ClassCountView(int ClassId, int Train, int Validation);
