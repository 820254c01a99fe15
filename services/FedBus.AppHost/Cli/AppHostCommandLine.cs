using System.CommandLine;
using System.Text.RegularExpressions;
using FedBus.AppHost.Demo;
using FedBus.AppHost.Experiments;
using Spectre.Console;

namespace FedBus.AppHost.Cli;

/// <summary>
/// The verbs of the one FedBus binary. Parse errors and failures end as one clear message and an exit code
/// (<see cref="ExitCodes"/>), never as a stack trace.
/// </summary>
public static partial class AppHostCommandLine
{
    public const string ToolName = "FedBus.AppHost";

    public static RootCommand Build(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand(
            "FedBus: federated learning across hospitals. 'demo' runs a whole federation in this process, 'up'/'down' " +
            "run it as separate processes on RabbitMQ, 'experiment' measures the learning on the brain MRI benchmark.")
        {
            DemoCommand.Create(console),
            Up.UpCommand.Create(console),
            Up.UpCommand.CreateDown(),
            ExperimentCommand.Create(console),
            TokenCommand.Create(),
            Up.SimulatorCommands.Pacs(),
            Up.SimulatorCommands.Radiologist(),
        };
        return root;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = Build(console);
        if (args.Count == 0)
        {
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
            return ExitCodes.Usage;
        }
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                await error.WriteLineAsync($"error: {Plain(e.Message)}");
            var verb = parse.CommandResult.Command == root ? "" : parse.CommandResult.Command.Name + " ";
            await error.WriteLineAsync($"Run '{ToolName} {verb}--help' for the options.");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Stopped.");
            return ExitCodes.Cancelled;
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            await error.WriteLineAsync($"Run '{ToolName} {parse.CommandResult.Command.Name} --help' for the options.");
            return ExitCodes.Usage;
        }
#pragma warning disable CA1031 // the one place that turns any failure into a message instead of a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"error: {Describe(e)}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>System.CommandLine names .NET types when a value does not convert; say what the option expects instead.</summary>
    internal static string Plain(string message)
    {
        var m = CannotParse().Match(message);
        if (!m.Success) return message;
        var type = m.Groups["type"].Value;
        var expects = type.Contains("Int32", StringComparison.Ordinal) ? "a whole number"
            : type.Contains("Double", StringComparison.Ordinal) ? "a number"
            : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false" : "another value";
        return $"{m.Groups["option"].Value} expects {expects}, got '{m.Groups["value"].Value}'.";
    }

    [GeneratedRegex("^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']*)' as expected type '(?<type>[^']*)'")]
    private static partial Regex CannotParse();

    /// <summary>The message chain without stack frames: what went wrong, and what caused it.</summary>
    internal static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (var x = e; x is not null && parts.Count < 4; x = x.InnerException)
        {
            if (x is AggregateException { InnerExceptions.Count: > 0 } a && a.InnerException is not null)
                continue;
            if (parts.Count == 0 || !parts[^1].Contains(x.Message, StringComparison.Ordinal))
                parts.Add(x.Message);
        }
        return string.Join(" — caused by: ", parts);
    }
}
