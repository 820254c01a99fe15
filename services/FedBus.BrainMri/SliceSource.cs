namespace FedBus.BrainMri;

/// <summary>
/// Which scan a slice image comes from. Both show the same subject at the same positions, so masks,
/// atlas, classes and boxes are shared; only the pixels differ.
/// </summary>
public enum SliceSource
{
    /// <summary>Colin27 T1 at 1 mm with skull, resliced trilinearly.</summary>
    Ch2,

    /// <summary>The same subject at 0.5 mm (skull-stripped at source), averaged over a thicker slab and
    /// composited over ch2's skull: a "different scanner resolution" site.</summary>
    Ch2Better,
}
