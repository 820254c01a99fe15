using FedBus.ServiceDefaults.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging.Debug;
using Microsoft.Extensions.Logging.EventSource;

namespace FedBus.ServiceDefaults.Logging;

/// <summary>Logging every service shares: format, trace ids, the identifier hasher, no request URLs, optional file capture.</summary>
internal static class LoggingDefaults
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private static readonly Type[] KnownProviders =
        [typeof(ConsoleLoggerProvider), typeof(DebugLoggerProvider), typeof(EventSourceLoggerProvider), typeof(FileCaptureLoggerProvider)];

    public static void Add(IHostApplicationBuilder builder, FedBusOptions fedBus)
    {
        var options = builder.Configuration.GetSection(FedBusLoggingOptions.Section).Get<FedBusLoggingOptions>() ?? new FedBusLoggingOptions();
        if (string.Equals(builder.Configuration["Logging:Format"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        // Request URLs name studies and patients (/dicomweb/studies/{uid}, ?PatientID=): the hosting category logs
        // them per request and opens a RequestPath scope that every line of the request carries. Off entirely, since
        // a category no provider enables opens no scope; traces keep the route template instead. Also per provider: a
        // provider's own rule ("Logging:Console:LogLevel:Default") outranks any rule without one.
        builder.Logging.AddFilter(RequestLogCategory, LogLevel.None);
        foreach (var provider in KnownProviders)
            builder.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(provider.FullName, RequestLogCategory, LogLevel.None, null)));
        // HttpClient's lines name the URLs it calls.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // Our own request line instead: no query, UIDs hashed (Debug).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, RequestLogging>();

        // Resolved now, not at first use: a bad salt fails the start, not a log call in the middle of an ingest.
        var (key, _) = IdentifierSalt.Resolve(options.IdentifierSalt, fedBus.DataDirectory);
        builder.Services.TryAddSingleton(new IdentifierHasher(key));

        if (!string.IsNullOrWhiteSpace(options.CaptureDirectory))
        {
            var directory = options.CaptureDirectory;
            builder.Services.AddSingleton<ILoggerProvider>(_ => new FileCaptureLoggerProvider(directory, fedBus.ServiceName));
        }
    }
}
