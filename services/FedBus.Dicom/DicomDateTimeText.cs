using System.Globalization;

namespace FedBus.Dicom;

/// <summary>Parses and formats DA, TM and DT values (PS3.5 Table 6.2-1), including partial precision.</summary>
public static class DicomDateTimeText
{
    /// <summary>"YYYYMMDD" (also the old "YYYY.MM.DD"). Null when not a valid date.</summary>
    public static DateOnly? ParseDate(string text)
    {
        var s = text.Trim().Replace(".", string.Empty, StringComparison.Ordinal);
        return s.Length == 8 && DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;
    }

    /// <summary>"HH[MM[SS[.F{1-6}]]]" (also the old "HH:MM:SS.frac"). Null when not a valid time.</summary>
    public static TimeOnly? ParseTime(string text)
    {
        var s = text.Trim().Replace(":", string.Empty, StringComparison.Ordinal);
        return TryTime(s, out var t) ? t : null;
    }

    /// <summary>
    /// "YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&amp;ZZXX]"; missing parts are their minimum. The offset is
    /// returned separately because "no offset" (local time of the sender) differs from UTC.
    /// </summary>
    public static bool TryParseDateTime(string text, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        var s = text.Trim();
        var sign = s.IndexOfAny(['+', '-'], Math.Min(4, s.Length));
        if (sign >= 0)
        {
            var z = s[(sign + 1)..];
            if (z.Length != 4 || !int.TryParse(z.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh)
                || !int.TryParse(z.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm) || hh > 14 || mm > 59)
            {
                return false;
            }

            offset = new TimeSpan(hh, mm, 0) * (s[sign] == '-' ? -1 : 1);
            s = s[..sign];
        }

        if (s.Length < 4 || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return false;
        }

        int Part(int at, int fallback) =>
            s.Length >= at + 2 && int.TryParse(s.AsSpan(at, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (s.Length > at ? -1 : fallback);

        var month = Part(4, 1);
        var day = Part(6, 1);
        if (month < 1 || month > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        var time = TimeOnly.MinValue;
        if (s.Length > 8 && !TryTime(s[8..], out time))
        {
            return false;
        }

        value = new DateOnly(year, month, day).ToDateTime(time, DateTimeKind.Unspecified);
        return true;
    }

    public static string FormatDate(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>HHMMSS plus as many fraction digits as needed (none for whole seconds).</summary>
    public static string FormatTime(TimeOnly time)
    {
        var text = time.ToString("HHmmss", CultureInfo.InvariantCulture);
        var micro = time.Ticks % TimeSpan.TicksPerSecond / 10;
        return micro == 0 ? text : text + "." + micro.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    public static string FormatDateTime(DateTime value, TimeSpan? offset = null)
    {
        var text = FormatDate(DateOnly.FromDateTime(value)) + FormatTime(TimeOnly.FromDateTime(value));
        if (offset is { } o)
        {
            text += (o < TimeSpan.Zero ? "-" : "+") + o.Duration().ToString("hhmm", CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static bool TryTime(string s, out TimeOnly time)
    {
        time = default;
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot >= 0 ? s[..dot] : s;
        var fraction = dot >= 0 ? s[(dot + 1)..] : string.Empty;
        if (whole.Length is not (2 or 4 or 6) || fraction.Length > 6 || (dot >= 0 && whole.Length != 6))
        {
            return false;
        }

        if (!int.TryParse(whole.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            return false;
        }

        var m = 0;
        var sec = 0;
        var micro = 0;
        if ((whole.Length >= 4 && !int.TryParse(whole.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out m))
            || (whole.Length >= 6 && !int.TryParse(whole.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out sec))
            || (fraction.Length > 0 && !int.TryParse(fraction.PadRight(6, '0'), NumberStyles.None, CultureInfo.InvariantCulture, out micro)))
        {
            return false;
        }

        // PS3.5 allows a leap second (60); TimeOnly does not, so clamp it.
        if (h > 23 || m > 59 || sec > 60)
        {
            return false;
        }

        time = new TimeOnly(h, m, Math.Min(sec, 59)).Add(TimeSpan.FromTicks(micro * 10L));
        return true;
    }
}
