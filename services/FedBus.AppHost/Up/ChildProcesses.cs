using System.Diagnostics;
using System.Globalization;

namespace FedBus.AppHost.Up;

/// <summary>
/// Starting and stopping `up`'s processes. Each runs in its own session (setsid) with its output appended to its log file,
/// so it outlives `up --detach` and no pipe ties it to `up`. Stopping: SIGTERM (the host shuts down in order), then SIGKILL.
/// </summary>
internal static class ChildProcesses
{
    /// <summary>Starts <paramref name="arguments"/> (program first) with its own environment additions; returns the pid.</summary>
    public static UpProcess Start(string name, string role, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, string logFile)
    {
        Directory.CreateDirectory(workingDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var info = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, WorkingDirectory = workingDirectory };
        // bash (not dash: dash drops variables whose names hold - or ., such as FedBus__Tasks__brain-extraction__ModelId) replaces itself with setsid, setsid with the program (not a group leader, so it does not fork): one pid.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=$1; shift; exec setsid \"$@\" </dev/null >>\"$log\" 2>&1");
        info.ArgumentList.Add("fedbus-up");
        info.ArgumentList.Add(logFile);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment) info.Environment[k] = v;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name} ({arguments[0]}).");
        var pid = process.Id;
        return new UpProcess { Name = name, Role = role, Pid = pid, StartTicks = StartTicksOf(pid) ?? 0, Log = logFile };
    }

    /// <summary>The pid's start time in clock ticks since boot (/proc/pid/stat, field 22); null when there is no such process.</summary>
    public static long? StartTicksOf(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    /// <summary>True while the pid is the process that was started (and not a zombie).</summary>
    public static bool IsAlive(UpProcess p)
    {
        if (StartTicksOf(p.Pid) is not { } ticks || ticks != p.StartTicks) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{p.Pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, up to <paramref name="grace"/> for it to end, then SIGKILL. Returns how it ended.</summary>
    public static async Task<string> StopAsync(UpProcess p, TimeSpan grace)
    {
        if (!IsAlive(p)) return "already gone";
        await SignalAsync(p.Pid, "TERM");
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsAlive(p)) return "stopped (SIGTERM)";
            await Task.Delay(100);
        }
        await SignalAsync(p.Pid, "KILL");
        for (var i = 0; i < 50 && IsAlive(p); i++) await Task.Delay(100);
        return IsAlive(p) ? "STILL RUNNING after SIGKILL" : $"killed (SIGKILL after {grace.TotalSeconds:0} s)";
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        var info = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-" + signal);
        info.ArgumentList.Add(pid.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(info)!;
        await kill.WaitForExitAsync();
    }

    /// <summary>The last lines of a log, for a failure's message.</summary>
    public static string Tail(string logFile, int lines = 30)
    {
        if (!File.Exists(logFile)) return "(no log)";
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }
}
