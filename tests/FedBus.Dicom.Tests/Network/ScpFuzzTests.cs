using System.Buffers.Binary;
using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

/// <summary>
/// Seeded mutations of valid PDU streams, fed to the SCP through in-memory connections: whatever arrives, no
/// exception escapes, no connection hangs, and the server still serves real associations afterwards.
/// </summary>
public sealed class ScpFuzzTests
{
    private const int Cases = 10_000;

    [Fact]
    public async Task Thousands_of_mutated_PDU_streams_neither_crash_nor_hang_the_server_and_it_keeps_serving()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler, o =>
        {
            o.MaxPduLength = 65536;
            o.MaxObjectSize = 200_000;
            o.MemorySpoolThreshold = 16_384;
            o.ArtimTimeout = TimeSpan.FromSeconds(3);
            o.IdleTimeout = TimeSpan.FromSeconds(3);
        });
        await using var _ = server;
        var seeds = ValidStreams();
        var random = new Random(20240917);
        var answered = 0;

        for (var i = 0; i < Cases; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            var output = await RunAsync(server, input, $"case {i}");
            if (output.Length > 0)
            {
                answered++;
            }
        }

        TestServer.AssertNoUnexpectedFailure(log);
        Assert.Equal(0, server.OpenConnections);
        // The mutations are meant to reach the protocol logic, not only the first header check.
        Assert.True(answered > Cases / 2, $"only {answered} of {Cases} mutated streams got any answer");
        Assert.Contains(handler.Events, e => e.StartsWith("store", StringComparison.Ordinal));
        await ScpBadInputTests.AssertServesNormallyAsync(server, handler, log);
    }

    [Fact]
    public async Task The_unmutated_streams_are_served_normally_in_memory()
    {
        var handler = new RecordingStoreHandler();
        var (server, log) = await TestServer.StartAsync(handler);
        await using var _ = server;

        foreach (var stream in ValidStreams())
        {
            var output = await RunAsync(server, stream, "valid stream");
            Assert.Equal((byte)PduType.AssociateAccept, output[0]);
        }

        Assert.Equal(2, handler.Received.Count);
        Assert.Equal(2, handler.Events.Count(e => e == "released"));
        Assert.Equal(1, handler.Events.Count(e => e == "aborted"));
        TestServer.AssertNoUnexpectedFailure(log);
    }

    /// <summary>Writes the whole input, closes the client side, drains the answer; fails if the server hangs.</summary>
    private static async Task<byte[]> RunAsync(DicomServer server, byte[] input, string name)
    {
        var connection = new InMemoryConnection();
        var serving = server.ServeConnectionAsync(connection.ServerStream, null);
        var reading = ReadAllAsync(connection);
        await connection.ClientOutput.WriteAsync(input);
        await connection.ClientOutput.CompleteAsync();
        // Timers are 3 s; a hang is anything far beyond them, even on a loaded CI machine.
        var finished = await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == serving, $"{name}: the server did not finish a {input.Length}-byte stream: {Convert.ToHexString(input.AsSpan(0, Math.Min(64, input.Length)))}");
        await serving;
        return await reading;
    }

    private static async Task<byte[]> ReadAllAsync(InMemoryConnection connection)
    {
        using var all = new MemoryStream();
        while (true)
        {
            var result = await connection.ClientInput.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                all.Write(segment.Span);
            }

            connection.ClientInput.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return all.ToArray();
            }
        }
    }

    /// <summary>Three valid conversations: echo + release; store in fragments + release; store + abort.</summary>
    private static byte[][] ValidStreams()
    {
        var associate = PduCodec.EncodeAssociateRequest(Requests.Standard());
        var echo = RawPeer.DataPdu(3, isCommand: true, last: true, Requests.EchoCommand(1).Encode());
        var release = PduCodec.EncodeReleaseRequest();
        var command = Requests.StoreCommand(2, sopInstance: "2.25.1001").Encode();
        var data = Requests.DataSet(3000);
        byte[] fragmentedStore =
        [
            .. RawPeer.DataPdu(1, isCommand: true, last: false, command[..40]),
            .. RawPeer.DataPdu(1, isCommand: true, last: true, command[40..]),
            .. RawPeer.DataPdu(1, isCommand: false, last: false, data[..1000]),
            .. TwoPdvs(1, data[1000..2000], data[2000..]),
        ];
        byte[] plainStore =
        [
            .. RawPeer.DataPdu(1, isCommand: true, last: true, Requests.StoreCommand(3, sopInstance: "2.25.1002").Encode()),
            .. RawPeer.DataPdu(1, isCommand: false, last: true, Requests.DataSet(500)),
        ];
        return
        [
            [.. associate, .. echo, .. release],
            [.. associate, .. fragmentedStore, .. echo, .. release],
            [.. associate, .. plainStore, .. PduCodec.EncodeAbort(AbortSource.ServiceUser, AbortReason.NotSpecified)],
        ];
    }

    /// <summary>One P-DATA-TF carrying two data PDVs, the second one last.</summary>
    private static byte[] TwoPdvs(byte context, byte[] first, byte[] second)
    {
        var pdu = new byte[6 + 6 + first.Length + 6 + second.Length];
        pdu[0] = (byte)PduType.DataTransfer;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(2), (uint)(pdu.Length - 6));
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(6), (uint)(first.Length + 2));
        pdu[10] = context;
        pdu[11] = 0;
        first.CopyTo(pdu, 12);
        var at = 12 + first.Length;
        BinaryPrimitives.WriteUInt32BigEndian(pdu.AsSpan(at), (uint)(second.Length + 2));
        pdu[at + 4] = context;
        pdu[at + 5] = 2;
        second.CopyTo(pdu, at + 6);
        return pdu;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(16)).Select(_ => (byte)random.Next(256)));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + random.Next(64)));
                    break;
                case 5:
                    var length = Math.Min(bytes.Count - at, 1 + random.Next(200));
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    // Length fields are big-endian 16/32-bit values: make one tiny, huge or random.
                    if (at + 4 <= bytes.Count)
                    {
                        var value = random.Next(3) switch { 0 => 0u, 1 => uint.MaxValue - (uint)random.Next(16), _ => (uint)random.Next(100_000) };
                        var field = new byte[4];
                        BinaryPrimitives.WriteUInt32BigEndian(field, value);
                        for (var k = 0; k < 4; k++)
                        {
                            bytes[at + k] = field[k];
                        }
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
