using Microsoft.Win32.SafeHandles;

namespace FedBus.Dicom.IO;

/// <summary>
/// A read-only file shared by the lazily read values of one <see cref="DicomFile"/>. Values read
/// with positional reads (pread), so frames can be fetched from several threads at once.
/// </summary>
internal sealed class DicomFileHandle(SafeFileHandle handle, string path) : IDisposable
{
    public SafeFileHandle Handle { get; } = handle;

    public string Path { get; } = path;

    public long Length { get; } = RandomAccess.GetLength(handle);

    public static DicomFileHandle Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess), path);

    public void ReadExactly(long offset, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(Handle, destination, offset);
            if (n == 0)
            {
                throw new DicomFormatException(offset, $"file {Path} ended while reading a value (was it truncated after it was opened?)");
            }

            destination = destination[n..];
            offset += n;
        }
    }

    public void Dispose() => Handle.Dispose();
}
