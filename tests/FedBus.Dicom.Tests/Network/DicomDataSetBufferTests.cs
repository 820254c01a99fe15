using FedBus.Dicom.Network;

namespace FedBus.Dicom.Tests.Network;

public sealed class DicomDataSetBufferTests
{
    private static async Task<DicomDataSetBuffer> FilledAsync(byte[] data, long memoryLimit, int piece = 70_000)
    {
        var buffer = new DicomDataSetBuffer(memoryLimit, null);
        for (var at = 0; at < data.Length; at += piece)
        {
            await buffer.AppendAsync(data.AsMemory(at, Math.Min(piece, data.Length - at)), CancellationToken.None);
        }

        return buffer;
    }

    private static byte[] Data(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 + (i >> 9))).ToArray();

    [Fact]
    public async Task Data_below_the_threshold_stays_in_memory_and_reads_back_identically_every_way()
    {
        var data = Data(600_000);
        using var buffer = await FilledAsync(data, memoryLimit: 1_000_000);

        Assert.True(buffer.IsInMemory);
        Assert.True(buffer.TryGetMemory(out var sequence));
        Assert.Equal(data, System.Buffers.BuffersExtensions.ToArray(sequence));
        using var copy = new MemoryStream();
        await buffer.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        using var reader = new MemoryStream();
        await buffer.OpenRead().CopyToAsync(reader);
        Assert.Equal(data, reader.ToArray());
    }

    [Fact]
    public async Task Data_above_the_threshold_spills_to_a_temporary_file_that_disappears_on_dispose()
    {
        var data = Data(900_000);
        var before = Directory.GetFiles(Path.GetTempPath(), "fedbus-cstore-*.spool").ToHashSet();
        var buffer = await FilledAsync(data, memoryLimit: 300_000);

        var spill = Assert.Single(Directory.GetFiles(Path.GetTempPath(), "fedbus-cstore-*.spool"), f => !before.Contains(f));
        Assert.False(buffer.IsInMemory);
        Assert.False(buffer.TryGetMemory(out _));
        Assert.Equal(data.Length, buffer.Length);
        using var copy = new MemoryStream();
        await buffer.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        var stream = buffer.OpenRead();
        stream.Seek(500_000, SeekOrigin.Begin);
        var tail = new byte[400_000];
        stream.ReadExactly(tail);
        Assert.Equal(data[500_000..], tail);

        buffer.Dispose();
        Assert.False(File.Exists(spill));
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(100_000)]
    public async Task WriteToFile_writes_the_prefix_then_the_data_set_and_replaces_an_existing_file(long memoryLimit)
    {
        var data = Data(400_000);
        using var buffer = await FilledAsync(data, memoryLimit);
        var path = Path.Combine(Path.GetTempPath(), $"fedbus-write-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, new byte[1_000_000]);
        try
        {
            buffer.WriteToFile(path, "PREFIX"u8.ToArray());

            byte[] expected = [.. "PREFIX"u8.ToArray(), .. data];
            Assert.Equal(expected, await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_stream_opened_for_one_message_fails_clearly_once_the_buffer_moved_on()
    {
        using var buffer = await FilledAsync(Data(1000), memoryLimit: 1_000_000);
        var stream = buffer.OpenRead();

        buffer.Reset();

        var error = Assert.Throws<ObjectDisposedException>(() => stream.ReadByte());
        Assert.Contains("only readable while the store handler runs", error.Message, StringComparison.Ordinal);
    }
}
