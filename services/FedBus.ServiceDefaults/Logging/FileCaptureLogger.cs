using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Logging;

internal sealed class FileCaptureLogger(FileCaptureLoggerProvider provider, string category) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.Scopes?.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var entry = new StringBuilder()
            .Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(' ').Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ")
            .Append(formatter(state, exception));
        provider.Scopes?.ForEachScope((scope, sb) => sb.Append(" => ").Append(scope), entry);
        if (exception is not null) entry.AppendLine().Append(exception);
        entry.AppendLine();
        provider.Write(entry.ToString());
    }
}
