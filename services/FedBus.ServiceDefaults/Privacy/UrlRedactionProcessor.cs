using System.Diagnostics;
using OpenTelemetry;

namespace FedBus.ServiceDefaults.Privacy;

/// <summary>
/// Traces leave the site by OTLP, and request URLs name studies (/dicomweb/studies/{uid}/...) and patients
/// (?PatientID=...). Before any exporter sees a span, its path becomes the route template (which names no value) and
/// its query and full URL are dropped. Span names already are "METHOD template".
/// </summary>
public sealed class UrlRedactionProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetTagItem("url.path") is not null)
            data.SetTag("url.path", data.GetTagItem("http.route") as string ?? "(redacted)");
        data.SetTag("url.query", null);
        data.SetTag("url.full", null);
    }
}
