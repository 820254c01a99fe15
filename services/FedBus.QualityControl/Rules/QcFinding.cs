using System.Text.Json.Serialization;
using FedBus.Contracts;

namespace FedBus.QualityControl.Rules;

/// <summary>One thing a rule found in a label: a stable code, how serious it is, and a sentence for the reader.</summary>
public sealed record QcFinding(string Code, QcSeverity Severity, string Message)
{
    [JsonIgnore]
    public bool IsError => Severity == QcSeverity.Error;

    public QcFlag ToFlag() => new(Code, Message);

    public static QcFinding Error(string code, string message) => new(code, QcSeverity.Error, message);

    public static QcFinding Warning(string code, string message) => new(code, QcSeverity.Warning, message);
}
