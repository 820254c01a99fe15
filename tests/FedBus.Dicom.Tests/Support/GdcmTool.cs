using System.Reflection;
using FedBus.Dicom.Imaging;

namespace FedBus.Dicom.Tests.Support;

/// <summary>
/// Encodes test files with GDCM itself (DCMTK has no JPEG 2000 encoder): read a native file,
/// change its transfer syntax, write it. Needs libgdcm-cil, like the decoder under test.
/// </summary>
public static class GdcmTool
{
    public static void RequireGdcm() =>
        Assert.True(GdcmCodec.IsAvailable, $"GDCM is needed for this test: apt-get install libgdcm-cil ({GdcmCodec.UnavailableReason})");

    public static void Transcode(string input, string output, string transferSyntaxUid)
    {
        RequireGdcm();

        // GdcmCodec has loaded the assembly (and its native resolver) already.
        var asm = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "gdcm-sharp");
        object New(string type, params object[] args) => Activator.CreateInstance(asm.GetType("gdcm." + type)!, args)!;
        var tsEnum = asm.GetType("gdcm.TransferSyntax")!.GetMethod("GetTSType")!.Invoke(null, [transferSyntaxUid])!;

        dynamic reader = New("ImageReader");
        dynamic change = New("ImageChangeTransferSyntax");
        dynamic writer = New("ImageWriter");
        try
        {
            reader.SetFileName(input);
            Assert.True((bool)reader.Read(), $"GDCM could not read {input}");
            change.SetTransferSyntax((dynamic)New("TransferSyntax", tsEnum));
            change.SetInput(reader.GetImage());
            Assert.True((bool)change.Change(), $"GDCM could not encode {input} as {transferSyntaxUid}");
            writer.SetFile(reader.GetFile());
            writer.SetImage(change.GetOutput());
            writer.SetFileName(output);
            Assert.True((bool)writer.Write(), $"GDCM could not write {output}");
        }
        finally
        {
            GC.KeepAlive(reader);
            GC.KeepAlive(change);
            GC.KeepAlive(writer);
            ((IDisposable)writer).Dispose();
            ((IDisposable)change).Dispose();
            ((IDisposable)reader).Dispose();
        }
    }
}
