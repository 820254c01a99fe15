using FedBus.Learning.Cases;

namespace FedBus.AppHost.Demo;

/// <summary>
/// A hospital of the demo: the studies its PACS sends, wave by wave, through its own scanner; the held-out positions as that
/// scanner shows them (what "the model is good here" is measured on); and whether its radiologist makes systematic errors.
/// </summary>
internal sealed record DemoSite(int Index, string SiteId, string Scanner, IReadOnlyList<IReadOnlyList<DemoStudy>> Waves,
    IReadOnlyList<LabeledCase> HeldOut, bool SystematicErrors)
{
    public int Studies => Waves.Sum(w => w.Count);

    public int Instances => Waves.Sum(w => w.Sum(s => s.Images.Count));
}
