using System.Buffers;
using System.Runtime.InteropServices;

namespace FedBus.Aggregation.Bench;

/// <summary>
/// Bytes outside the managed heap, handed back to the OS on dispose (glibc maps buffers this large with mmap): lets
/// the RSS child inspect updates before its baseline without the GC keeping their memory resident.
/// </summary>
internal sealed unsafe class NativeBuffer(int length) : MemoryManager<byte>
{
    private byte* pointer = (byte*)NativeMemory.Alloc((nuint)length);

    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        NativeMemory.Free(pointer);
        pointer = null;
    }
}
