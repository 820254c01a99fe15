namespace FedBus.BrainMri;

/// <summary>Plane orientation of a slice (the normal is z, y or x of the MNI/RAS grid).</summary>
public enum SliceView
{
    Axial,
    Coronal,
    Sagittal,
}
