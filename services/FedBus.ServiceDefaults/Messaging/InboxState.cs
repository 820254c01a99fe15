namespace FedBus.ServiceDefaults.Messaging;

public enum InboxState
{
    Processing,
    Completed,
}
