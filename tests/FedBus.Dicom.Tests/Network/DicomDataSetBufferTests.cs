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

    [Fact]
    public async Task Taken_bytes_outlive_the_buffers_next_message_and_hash_as_the_prefix_followed_by_the_data_set()
    {
        var first = Data(600_000);
        using var buffer = await FilledAsync(first, memoryLimit: 1_000_000);
        var earlier = buffer.OpenRead();

        using var taken = buffer.TakeMemory();

        Assert.NotNull(taken);
        Assert.Equal(first.Length, taken.Length);
        Assert.Equal(0, buffer.Length);
        Assert.Throws<ObjectDisposedException>(() => earlier.ReadByte());
        // The association's next message fills the buffer again; the taken bytes must not be overwritten by it.
        buffer.Reset();
        var second = Data(700_000).Reverse().ToArray();
        await buffer.AppendAsync(second, CancellationToken.None);
        Assert.True(buffer.TryGetMemory(out var sequence));
        Assert.Equal(second, System.Buffers.BuffersExtensions.ToArray(sequence));
        byte[] expected = [.. "META"u8.ToArray(), .. first];
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected)), taken.Sha256("META"u8));
    }

    [Fact]
    public async Task Bytes_spilled_to_a_file_are_not_taken_and_disposed_taken_bytes_cannot_be_hashed()
    {
        using var spilled = await FilledAsync(Data(900_000), memoryLimit: 300_000);
        Assert.Null(spilled.TakeMemory());
        Assert.Equal(900_000, spilled.Length);

        using var buffer = await FilledAsync(Data(1_000), memoryLimit: 300_000);
        var taken = buffer.TakeMemory()!;
        taken.Dispose();
        Assert.Throws<ObjectDisposedException>(() => taken.Sha256([]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_000)]
    [InlineData(299_999)]
    public async Task A_hash_started_once_the_data_set_grows_past_a_size_covers_the_prefix_and_every_byte(long above)
    {
        var data = Data(300_000);
        using var buffer = new DicomDataSetBuffer(memoryLimit: 150_000, null);
        buffer.HashFrom("META"u8.ToArray(), above);
        for (var at = 0; at < data.Length; at += 70_000)
        {
            await buffer.AppendAsync(data.AsMemory(at, Math.Min(70_000, data.Length - at)), CancellationToken.None);
        }

        byte[] expected = [.. "META"u8.ToArray(), .. data];
        Assert.False(buffer.IsInMemory);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected)), buffer.FinishHash());
    }

    [Fact]
    public async Task A_data_set_no_larger_than_the_size_is_not_hashed_while_received()
    {
        using var buffer = new DicomDataSetBuffer(memoryLimit: 1_000_000, null);
        buffer.HashFrom("META"u8.ToArray(), above: 300_000);
        await buffer.AppendAsync(Data(300_000), CancellationToken.None);

        Assert.Null(buffer.FinishHash());
    }
}
