using System.Buffers.Binary;

namespace FedBus.Dicom.Imaging;

/// <summary>
/// The Image Pixel module of a data set (PS3.3 C.7.6.3) and access to its frames: native frames
/// are read straight from the value (which may still be in the file), encapsulated frames are
/// decoded (RLE in managed code, JPEG/JPEG-LS/JPEG 2000 through <see cref="GdcmCodec"/>).
/// </summary>
public sealed class DicomPixelData
{
    private readonly DicomDataset dataset;
    private readonly DicomItem pixelItem;

    private DicomPixelData(DicomDataset dataset, DicomTransferSyntax syntax, DicomItem pixelItem)
    {
        this.dataset = dataset;
        this.pixelItem = pixelItem;
        TransferSyntax = syntax;
        Rows = Required(DicomTag.Rows);
        Columns = Required(DicomTag.Columns);
        BitsAllocated = Required(DicomTag.BitsAllocated);
        SamplesPerPixel = dataset.GetNumberOrDefault(DicomTag.SamplesPerPixel, 1);
        BitsStored = dataset.GetNumberOrDefault(DicomTag.BitsStored, BitsAllocated);
        HighBit = dataset.GetNumberOrDefault(DicomTag.HighBit, BitsStored - 1);
        IsSigned = dataset.GetNumberOrDefault(DicomTag.PixelRepresentation, 0) == 1;
        PlanarConfiguration = SamplesPerPixel > 1 ? dataset.GetNumberOrDefault(DicomTag.PlanarConfiguration, 0) : 0;
        NumberOfFrames = Math.Max(1, dataset.GetNumberOrDefault(DicomTag.NumberOfFrames, 1));
        PhotometricInterpretation = dataset.GetString(DicomTag.PhotometricInterpretation) is { Length: > 0 } pi
            ? pi
            : SamplesPerPixel == 1 ? "MONOCHROME2" : "RGB";

        if (Rows <= 0 || Columns <= 0)
        {
            throw new DicomDataException($"image size {Columns}x{Rows} is not valid");
        }

        if (BitsAllocated is not (1 or 8 or 16 or 32) || BitsStored < 1 || BitsStored > BitsAllocated || HighBit < BitsStored - 1 || HighBit >= BitsAllocated)
        {
            throw new DicomDataException($"Bits Allocated {BitsAllocated}, Bits Stored {BitsStored}, High Bit {HighBit} are not a supported combination");
        }

        if (SamplesPerPixel is not (1 or 3 or 4))
        {
            throw new DicomDataException(DicomTag.SamplesPerPixel, $"{SamplesPerPixel} samples per pixel is not supported");
        }

        FrameLength = BitsAllocated == 1
            ? ((long)Rows * Columns * SamplesPerPixel + 7) / 8
            : (long)Rows * Columns * SamplesPerPixel * (BitsAllocated / 8);
        if (FrameLength > Array.MaxLength)
        {
            throw new DicomDataException($"a frame of {FrameLength} bytes is too large");
        }

        if (pixelItem is DicomElement native && !syntax.IsEncapsulated)
        {
            var needed = BitsAllocated == 1 ? ((long)Rows * Columns * SamplesPerPixel * NumberOfFrames + 7) / 8 : FrameLength * NumberOfFrames;
            if (native.Length < needed)
            {
                throw new DicomDataException(DicomTag.PixelData,
                    $"has {native.Length} bytes; {NumberOfFrames} frame(s) of {Columns}x{Rows}x{SamplesPerPixel} at {BitsAllocated} bits need {needed}");
            }
        }
    }

    public DicomTransferSyntax TransferSyntax { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int SamplesPerPixel { get; }

    public int BitsAllocated { get; }

    public int BitsStored { get; }

    public int HighBit { get; }

    public bool IsSigned { get; }

    /// <summary>0: samples interleaved per pixel (RGBRGB...); 1: one plane per sample (RR..GG..BB..).</summary>
    public int PlanarConfiguration { get; }

    public int NumberOfFrames { get; }

    public string PhotometricInterpretation { get; }

    public bool IsEncapsulated => pixelItem is DicomFragmentSequence;

    /// <summary>Bytes of one native (decoded) frame.</summary>
    public long FrameLength { get; }

    /// <summary>The pixel module of a data set encoded in <paramref name="syntax"/>. Throws <see cref="DicomDataException"/> when there is no usable image.</summary>
    public static DicomPixelData FromDataset(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        var item = dataset.GetItem(DicomTag.PixelData) ?? throw new DicomDataException(DicomTag.PixelData, "is missing");
        return new DicomPixelData(dataset, syntax, item);
    }

    public static DicomPixelData FromFile(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return FromDataset(file.Dataset, file.TransferSyntax);
    }

    /// <summary>Modality LUT (Rescale Slope/Intercept) for a frame: top level, else the functional groups.</summary>
    public (double Slope, double Intercept) GetRescale(int frame = 0)
    {
        var source = FindFunctionalGroup(frame, DicomTag.PixelValueTransformationSequence, DicomTag.RescaleSlope) ?? dataset;
        return (source.GetNumberOrDefault(DicomTag.RescaleSlope, 1.0), source.GetNumberOrDefault(DicomTag.RescaleIntercept, 0.0));
    }

    /// <summary>The first VOI window of a frame (Window Center/Width), or null when the data set has none.</summary>
    public WindowLevel? GetWindow(int frame = 0)
    {
        var source = FindFunctionalGroup(frame, DicomTag.FrameVOILUTSequence, DicomTag.WindowCenter) ?? dataset;
        return source.TryGetNumber<double>(DicomTag.WindowCenter, out var c) && source.TryGetNumber<double>(DicomTag.WindowWidth, out var w) && w >= 1
            ? new WindowLevel(c, w)
            : null;
    }

    /// <summary>The native little endian bytes of one frame (decoded when encapsulated).</summary>
    public DecodedFrame GetFrame(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);
        if (pixelItem is DicomElement element)
        {
            return new DecodedFrame(ReadNativeFrame(element.Buffer, frame), PhotometricInterpretation, PlanarConfiguration);
        }

        var fragments = (DicomFragmentSequence)pixelItem;
        var compressed = FrameFragments.Collect(dataset, fragments, frame, NumberOfFrames, TransferSyntax);
        return TransferSyntax.CodecFamily switch
        {
            DicomCodecFamily.Rle => new DecodedFrame(
                RleDecoder.Decode(compressed, Rows, Columns, SamplesPerPixel, BitsAllocated, PlanarConfiguration),
                PhotometricInterpretation,
                PlanarConfiguration),
            DicomCodecFamily.Jpeg or DicomCodecFamily.JpegLs or DicomCodecFamily.Jpeg2000 => YbrToRgb.IfJpegYbr(GdcmCodec.Decode(TransferSyntax, this, compressed), this),
            DicomCodecFamily.None when TransferSyntax == DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian =>
                compressed.Length >= FrameLength
                    ? new DecodedFrame(compressed[..(int)FrameLength], PhotometricInterpretation, PlanarConfiguration)
                    : throw new DicomDataException(DicomTag.PixelData, $"frame {frame} has {compressed.Length} bytes, {FrameLength} expected"),
            _ => throw new DicomCodecException(TransferSyntax, $"no decoder for transfer syntax {TransferSyntax.Name} [{TransferSyntax.Uid}]"),
        };
    }

    /// <summary>
    /// Stored pixel values of a frame with Bits Stored/High Bit applied and signed values
    /// sign-extended; samples interleaved per pixel whatever the planar configuration.
    /// </summary>
    public int[] GetStoredValues(int frame)
    {
        var values = new int[Rows * Columns * SamplesPerPixel];
        CopyStoredValues(frame, values);
        return values;
    }

    /// <summary>Modality values (stored × Rescale Slope + Rescale Intercept) of a grayscale frame, e.g. Hounsfield units.</summary>
    public float[] GetModalityValues(int frame)
    {
        if (SamplesPerPixel != 1)
        {
            throw new DicomDataException(DicomTag.SamplesPerPixel, $"modality values are defined for grayscale images, this one has {SamplesPerPixel} samples per pixel");
        }

        var stored = GetStoredValues(frame);
        var (slope, intercept) = GetRescale(frame);
        var result = new float[stored.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            result[i] = (float)(stored[i] * slope + intercept);
        }

        return result;
    }

    /// <summary>
    /// A copy of the data set with native (uncompressed) pixel data, to be written in
    /// <paramref name="syntax"/> if given or explicit VR little endian. Native data sets are returned as they are.
    /// </summary>
    public static DicomDataset Decompress(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var pixels = FromDataset(dataset, syntax);
        if (!pixels.IsEncapsulated)
        {
            return dataset;
        }

        if (pixels.BitsAllocated == 1)
        {
            throw new DicomCodecException(syntax, "decompressing 1-bit encapsulated pixel data is not supported");
        }

        var total = pixels.FrameLength * pixels.NumberOfFrames;
        if (total > Array.MaxLength)
        {
            throw new DicomDataException(DicomTag.PixelData, $"{total} bytes of decompressed pixel data do not fit one value");
        }

        var native = GC.AllocateUninitializedArray<byte>((int)total);
        DecodedFrame? first = null;
        for (var f = 0; f < pixels.NumberOfFrames; f++)
        {
            var frame = pixels.GetFrame(f);
            first ??= frame;
            frame.Bytes.CopyTo(native, f * pixels.FrameLength);
        }

        var copy = dataset.Clone();
        copy.Remove(DicomTag.ExtendedOffsetTable);
        copy.Remove(DicomTag.ExtendedOffsetTableLengths);
        copy.AddOrUpdate(new DicomElement(DicomTag.PixelData, pixels.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, native));
        copy.AddOrUpdate(DicomTag.PhotometricInterpretation, DicomVR.CS, first!.PhotometricInterpretation);
        if (pixels.SamplesPerPixel > 1)
        {
            copy.AddOrUpdate(DicomTag.PlanarConfiguration, DicomVR.US, (ushort)first.PlanarConfiguration);
        }

        return copy;
    }

    /// <summary>
    /// As <see cref="GetStoredValues"/>, into a caller's buffer of Rows × Columns × Samples ints
    /// (no allocation for native frames: loop over frames of a large file with one buffer).
    /// </summary>
    public void CopyStoredValues(int frame, Span<int> destination)
    {
        var count = Rows * Columns * SamplesPerPixel;
        if (destination.Length < count)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, a frame has {count}", nameof(destination));
        }

        if (pixelItem is DicomElement element && BitsAllocated is 16 or 8 && PlanarConfiguration == 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(frame);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, NumberOfFrames);

            // Read the frame's bytes into the tail of the int buffer, then widen in place front to back.
            var raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination[..count]);
            var bytes = raw[^(int)FrameLength..];
            element.Buffer.CopyTo(frame * FrameLength, bytes);
            Unpack(bytes, 0, destination[..count]);
            return;
        }

        Unpack(GetFrame(frame), destination[..count]);
    }

    internal void Unpack(DecodedFrame decoded, Span<int> values) =>
        Unpack(decoded.Bytes, decoded.PlanarConfiguration, values);

    // Widening is safe in place when the source bytes sit at the end of the destination: value i
    // is written at byte 4i, never past the source bytes still to be read (at 2i or i from the tail start).
    private void Unpack(ReadOnlySpan<byte> bytes, int planarConfiguration, Span<int> values)
    {
        var shift = HighBit + 1 - BitsStored;
        var mask = BitsStored >= 32 ? uint.MaxValue : (1u << BitsStored) - 1;
        var sign = 1u << (BitsStored - 1);
        var planar = planarConfiguration == 1 && SamplesPerPixel > 1;
        if (!planar && BitsAllocated == 16)
        {
            var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(bytes);
            var n = values.Length;
            if (IsSigned)
            {
                var extend = ~mask;
                for (var i = 0; i < n; i++)
                {
                    var v = ((uint)words[i] >> shift) & mask;
                    values[i] = (int)((v & sign) != 0 ? v | extend : v);
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    values[i] = (int)(((uint)words[i] >> shift) & mask);
                }
            }

            return;
        }

        if (!planar && BitsAllocated == 8)
        {
            var n = values.Length;
            for (var i = 0; i < n; i++)
            {
                var v = ((uint)bytes[i] >> shift) & mask;
                values[i] = IsSigned && (v & sign) != 0 ? (int)(v | ~mask) : (int)v;
            }

            return;
        }

        var pixels = Rows * Columns;
        var samples = SamplesPerPixel;
        for (var i = 0; i < values.Length; i++)
        {
            // Output index i = pixel p, sample s (interleaved); source index follows the stored layout.
            var src = planar ? i % samples * pixels + i / samples : i;
            uint raw = BitsAllocated switch
            {
                8 => bytes[src],
                16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(src * 2)..]),
                32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(src * 4)..]),
                _ => (uint)(bytes[src >> 3] >> (src & 7)) & 1,
            };
            var v = (raw >> shift) & mask;
            if (IsSigned && (v & sign) != 0)
            {
                values[i] = (int)(v | ~mask);
            }
            else if (v > int.MaxValue)
            {
                throw new DicomDataException(DicomTag.PixelData, $"stored value {v} does not fit an int; use GetModalityValues");
            }
            else
            {
                values[i] = (int)v;
            }
        }
    }

    private byte[] ReadNativeFrame(DicomBuffer buffer, int frame)
    {
        if (BitsAllocated != 1)
        {
            var bytes = GC.AllocateUninitializedArray<byte>((int)FrameLength);
            buffer.CopyTo(frame * FrameLength, bytes);
            return bytes;
        }

        // 1-bit frames are packed back to back, not byte aligned: re-align this one to bit 0.
        var bits = (long)Rows * Columns * SamplesPerPixel;
        var firstBit = frame * bits;
        var span = (int)((firstBit + bits + 7) / 8 - firstBit / 8);
        var packed = new byte[span];
        buffer.CopyTo(firstBit / 8, packed);
        var offset = (int)(firstBit % 8);
        var result = new byte[FrameLength];
        for (long b = 0; b < bits; b++)
        {
            var srcBit = b + offset;
            if ((packed[srcBit >> 3] >> (int)(srcBit & 7) & 1) != 0)
            {
                result[b >> 3] |= (byte)(1 << (int)(b & 7));
            }
        }

        return result;
    }

    private DicomDataset? FindFunctionalGroup(int frame, DicomTag macro, DicomTag attribute)
    {
        if (dataset.Contains(attribute))
        {
            return null;
        }

        foreach (var groups in new[] { DicomTag.PerFrameFunctionalGroupsSequence, DicomTag.SharedFunctionalGroupsSequence })
        {
            var seq = dataset.GetSequence(groups);
            var index = groups == DicomTag.PerFrameFunctionalGroupsSequence ? frame : 0;
            if (seq is null || index >= seq.Items.Count)
            {
                continue;
            }

            if (seq.Items[index].GetSequence(macro) is { Items.Count: > 0 } m && m.Items[0].Contains(attribute))
            {
                return m.Items[0];
            }
        }

        return null;
    }

    private int Required(DicomTag tag) =>
        dataset.TryGetNumber<int>(tag, out var v) ? v : throw new DicomDataException(tag, "is missing or not a number; it is required for pixel data");
}
