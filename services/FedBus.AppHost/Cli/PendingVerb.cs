using System.CommandLine;

namespace FedBus.AppHost.Cli;

/// <summary>A verb that is planned but not built yet: it says so (whatever options it is given) and fails.</summary>
internal static class PendingVerb
{
    public static Command Create(string name, string description, string arrivesWith) 
    {
        var command = new Command(name, $"{description} (not built yet)") { TreatUnmatchedTokensAsErrors = false };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            error.WriteLine($"'{name}' is not built yet: {arrivesWith}");
            error.WriteLine("What runs today: 'demo' and 'experiment' (see --help).");
            return ExitCodes.NotBuilt;
        });
        return command;
    }
}
