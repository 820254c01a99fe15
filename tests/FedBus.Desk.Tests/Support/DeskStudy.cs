using FedBus.Dicom;
using FedBus.Testing;

namespace FedBus.Desk.Tests.Support;

/// <summary>A small synthetic CT series (3 slices of 64×64, HU = stored − 1024) whose pixel values the tests know.</summary>
public sealed class DeskStudy
{
    public const int Size = 64;

    private DeskStudy(IReadOnlyList<DicomDataset> instances) => Instances = instances;

    public IReadOnlyList<DicomDataset> Instances { get; }

    /// <summary>The slice tasks are opened on (instance number 2: the viewer must find it among its neighbours).</summary>
    public DicomDataset TaskImage => Instances[1];

    public static DeskStudy Create(int seed) =>
        new([.. SyntheticDicom.Instances(new SyntheticStudy(Rows: Size, Columns: Size, InstancesPerSeries: 3, Seed: seed))]);

    /// <summary>The modality value (HU) of a pixel of an instance (index in instance order; 1 = the task image), from its stored value and rescale.</summary>
    public double ModalityValue(int row, int column, int instance = 1)
    {
        var image = Instances[instance];
        var bytes = image.GetElement(DicomTag.PixelData)!.GetBytes().Span;
        var stored = BitConverter.ToInt16(bytes.Slice((row * Size + column) * 2, 2));
        return stored * image.GetNumber<double>(DicomTag.RescaleSlope) + image.GetNumber<double>(DicomTag.RescaleIntercept);
    }
}
