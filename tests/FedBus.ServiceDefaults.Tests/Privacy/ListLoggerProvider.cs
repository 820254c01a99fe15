using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Tests.Privacy;

/// <summary>Collects the formatted lines one category logs, as the level filters let them through.</summary>
internal sealed class ListLoggerProvider(string category, List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName == category ? lines : null);

    public void Dispose() { }

    private sealed class ListLogger(List<string>? lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => lines is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (lines is null) return;
            lock (lines) lines.Add(formatter(state, exception));
        }
    }
}
