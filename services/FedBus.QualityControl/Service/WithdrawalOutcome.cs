namespace FedBus.QualityControl.Service;

public enum WithdrawalOutcome
{
    Withdrawn,
    AlreadyWithdrawn,
    NotFound,
}
