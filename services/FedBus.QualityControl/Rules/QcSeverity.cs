using System.Text.Json.Serialization;

namespace FedBus.QualityControl.Rules;

/// <summary>Errors return the label to its reader; warnings let it through with the flag attached.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QcSeverity>))]
public enum QcSeverity
{
    Warning,
    Error,
}
