namespace FedBus.ServiceDefaults.Storage;

public enum FilterOperator
{
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    In,
    And,
    Or,
    All,
}
