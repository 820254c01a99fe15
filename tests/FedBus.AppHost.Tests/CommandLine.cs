using FedBus.AppHost.Cli;
using Spectre.Console;

namespace FedBus.AppHost.Tests;

/// <summary>Runs the AppHost's command line in this process, capturing what it prints.</summary>
internal sealed record CommandLine(int ExitCode, string Output, string Error, string Console)
{
    public static async Task<CommandLine> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(screen),
        });
        console.Profile.Width = 200;
        int code = await AppHostCommandLine.RunAsync(args, console, output, error);
        return new CommandLine(code, output.ToString(), error.ToString(), screen.ToString());
    }
}
