using FedBus.AppHost.Cli;

namespace FedBus.AppHost.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("experiment", "--sites", "1")]
    [InlineData("experiment", "--bogus")]
    [InlineData("experiment", "--task", "tumour")]
    [InlineData("experiment", "--rounds", "many")]
    [InlineData("experiment", "--robust", "krum", "--sites", "4")]
    [InlineData("experiment", "--size", "100")]
    [InlineData("demo", "--sites", "1")]
    [InlineData("demo", "--triage", "psychic")]
    [InlineData("demo", "--strategy", "FedGuess")]
    [InlineData("demo", "--audit-rate", "2")]
    [InlineData("demo", "--bad-site", "0")]
    [InlineData("demo", "--strategy", "Krum")]
    [InlineData("demo", "--strategy", "MultiKrum", "--sites", "4")]
    [InlineData("launch")]
    [InlineData("up", "--sites", "1")]
    [InlineData("up", "--rabbitmq-port", "0")]
    [InlineData("up", "--rabbitmq-port", "many")]
    [InlineData("up", "--rabbitmq-management", "not-a-url")]
    [InlineData("up", "--rabbitmq-user", "")]
    [InlineData("down", "--bogus")]
    [InlineData("down", "--out", "/nonexistent/fedbus-up-run")]
    public async Task A_bad_option_gets_one_clear_message_and_the_usage_exit_code_without_a_stack_trace(params string[] args)
    {
        var run = await CommandLine.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("--help", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error + run.Output + run.Console, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_names_the_option_and_the_values_it_takes()
    {
        var run = await CommandLine.RunAsync("experiment", "--robust", "krum", "--sites", "4");

        Assert.Contains("--robust krum needs at least 6 sites", run.Error, StringComparison.Ordinal);
        Assert.Contains("--sites 4", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_demo_with_Krum_and_too_few_sites_names_the_strategy_and_the_sites_it_needs()
    {
        var run = await CommandLine.RunAsync("demo", "--strategy", "Krum", "--sites", "3");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--strategy Krum needs updates from at least 5 sites", run.Error, StringComparison.Ordinal);
        Assert.Contains("--sites is 3", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_in_a_folder_up_never_ran_in_says_there_is_nothing_to_stop()
    {
        var run = await CommandLine.RunAsync("down", "--out", "/nonexistent/fedbus-up-run");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("/nonexistent/fedbus-up-run/up-state.json does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_against_a_management_api_that_does_not_answer_fails_with_what_to_do_and_starts_nothing()
    {
        var folder = Directory.CreateTempSubdirectory("fedbus-up-cli-").FullName;
        try
        {
            int closed;
            using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
            {
                listener.Start();
                closed = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            }
            var run = await CommandLine.RunAsync("up", "--quick", "--out", folder, "--rabbitmq-management", $"http://127.0.0.1:{closed}");

            Assert.Equal(ExitCodes.Failed, run.ExitCode);
            Assert.Contains($"management API at http://127.0.0.1:{closed} does not answer", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error + run.Output + run.Console, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "up-state.json")), "up wrote a state file although it started nothing");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Help_lists_every_verb_and_the_experiment_and_demo_options()
    {
        var root = await CommandLine.RunAsync("--help");
        var experiment = await CommandLine.RunAsync("experiment", "--help");

        Assert.Equal(ExitCodes.Ok, root.ExitCode);
        foreach (var verb in new[] { "demo", "up", "down", "experiment" })
            Assert.Contains(verb, root.Output, StringComparison.Ordinal);
        foreach (var option in new[] { "--seed", "--sites", "--rounds", "--epochs", "--task", "--quick", "--out", "--robust" })
            Assert.Contains(option, experiment.Output, StringComparison.Ordinal);
        var demo = await CommandLine.RunAsync("demo", "--help");
        foreach (var option in new[] { "--sites", "--rounds", "--task", "--strategy", "--triage", "--budget", "--audit-rate", "--seed", "--out", "--quick", "--plain" })
            Assert.Contains(option, demo.Output, StringComparison.Ordinal);
        var up = await CommandLine.RunAsync("up", "--help");
        foreach (var option in new[] { "--sites", "--rounds", "--seed", "--out", "--quick", "--detach", "--rabbitmq-host", "--rabbitmq-port", "--rabbitmq-user", "--rabbitmq-password", "--rabbitmq-management" })
            Assert.Contains(option, up.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_verb_shows_the_help_and_the_usage_exit_code()
    {
        var run = await CommandLine.RunAsync();

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("experiment", run.Output + run.Error, StringComparison.Ordinal);
    }
}
