namespace FedBus.BusProbe;

/// <summary>Lines the tests wait for; flushed at once, because the process may be killed right after.</summary>
public static class ProbeOutput
{
    private static readonly Lock Gate = new();

    public static void Line(string line)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
