using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FedBus.Dicom.IO;

/// <summary>
/// Creates a file that must not exist yet, for writing. On Linux it is one open(2): .NET's own open adds fstatfs and two
/// flock calls to emulate FileShare — three syscalls per received instance that a file only this process writes, once,
/// does not need.
/// </summary>
internal static partial class NewFile
{
    private const int OWriteOnly = 0x1, OCreate = 0x40, OExclusive = 0x80, OCloseOnExec = 0x80000;
    private const int Readable = 0x1b6; // 0666, narrowed by the umask as .NET's own open does
    private const int EExist = 17;

    public static SafeFileHandle Create(string path)
    {
        if (!OperatingSystem.IsLinux()) return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var fd = Open(path, OWriteOnly | OCreate | OExclusive | OCloseOnExec, Readable);
        if (fd >= 0) return new SafeFileHandle(fd, ownsHandle: true);
        var errno = Marshal.GetLastPInvokeError();
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        throw errno == EExist
            ? new IOException($"The file '{path}' already exists.", errno)
            : new IOException($"Could not create '{path}': {reason} (errno {errno}).", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);
}
