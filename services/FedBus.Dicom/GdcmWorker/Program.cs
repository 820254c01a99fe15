using FedBus.Dicom.Imaging;

// The GDCM decoding worker: GDCM's JPEG and JPEG 2000 paths abort or corrupt the heap on some
// corrupt input, so FedBus.Dicom decodes in this separate process and survives when it dies.
// Protocol: GdcmWire requests on stdin, results on stdout; exits at end of input.
var bindings = GdcmBindings.TryLoad(GdcmBindings.DefaultDirectories.Concat(args), out var error);
using var input = new BinaryReader(Console.OpenStandardInput(), GdcmWire.TextEncoding);
using var output = new BinaryWriter(Console.OpenStandardOutput(), GdcmWire.TextEncoding);
while (true)
{
    GdcmFrameRequest request;
    try
    {
        request = GdcmWire.ReadRequest(input);
    }
    catch (EndOfStreamException)
    {
        return 0;
    }

    var result = bindings is null
        ? GdcmFrameResult.Failed(error ?? "GDCM not available")
        : bindings.Decode(request);
    GdcmWire.WriteResult(output, result);
}
