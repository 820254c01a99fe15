using System.Diagnostics;
using FedBus.ServiceDefaults.Privacy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FedBus.ServiceDefaults.Logging;

/// <summary>
/// The request line every operator wants ("GET /annotations/tasks → 200 in 4 ms"), safe to keep: the framework's own
/// request log is off because URLs name studies and patients, so here the query string is dropped and every UID in
/// the path is hashed. Debug level: per-request lines are for diagnosis (Logging:LogLevel:FedBus.Http=Debug).
/// </summary>
internal sealed partial class RequestLogging(IdentifierHasher hasher, ILoggerFactory loggers) : IStartupFilter
{
    public const string Category = "FedBus.Http";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(LogAsync);
        next(app);
    };

    private async Task LogAsync(HttpContext context, RequestDelegate next)
    {
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Answered(context.Request.Method, hasher.RedactUids(context.Request.PathBase + context.Request.Path),
                context.Response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs} ms")]
    private partial void Answered(string method, string path, int status, long elapsedMs);
}
