using FedBus.AppHost.Cli;
using Spectre.Console;

return await AppHostCommandLine.RunAsync(args, AnsiConsole.Console, Console.Out, Console.Error);
