namespace FedBus.BrainMri;

/// <summary>A named set of AAL regions, chosen by name prefix (e.g. "Thalamus_" takes Thalamus_L and Thalamus_R).</summary>
public sealed record AtlasGroup(string Name, IReadOnlyList<string> NamePrefixes)
{
    /// <summary>The three landmark structures behind the slice classes and the detection boxes.</summary>
    public static IReadOnlyList<AtlasGroup> Landmarks { get; } =
    [
        new("cerebellum", ["Cerebelum_", "Vermis_"]),
        new("thalamus", ["Thalamus_"]),
        new("basal_ganglia", ["Caudate_", "Putamen_", "Pallidum_"]),
    ];

    /// <summary>Lobes and deep structures covering every AAL region, for a coarse multi-class segmentation.</summary>
    public static IReadOnlyList<AtlasGroup> Lobes { get; } =
    [
        new("frontal", ["Precentral_", "Frontal_", "Rolandic_", "Supp_Motor_", "Olfactory_", "Rectus_", "Paracentral_"]),
        new("temporal", ["Temporal_", "Heschl_", "Fusiform_"]),
        new("parietal", ["Postcentral_", "Parietal_", "SupraMarginal_", "Angular_", "Precuneus_"]),
        new("occipital", ["Calcarine_", "Cuneus_", "Lingual_", "Occipital_"]),
        new("limbic_insula", ["Insula_", "Cingulum_", "Hippocampus_", "ParaHippocampal_", "Amygdala_"]),
        new("deep_nuclei", ["Caudate_", "Putamen_", "Pallidum_", "Thalamus_"]),
        new("cerebellum", ["Cerebelum_", "Vermis_"]),
    ];
}
