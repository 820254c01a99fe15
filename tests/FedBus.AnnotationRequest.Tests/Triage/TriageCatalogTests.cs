using FedBus.AnnotationRequest.Triage;
using Microsoft.Extensions.Configuration;

namespace FedBus.AnnotationRequest.Tests.Triage;

public sealed class TriageCatalogTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();

    [Fact]
    public void Each_task_section_configures_the_triage_of_its_model_and_other_models_get_the_defaults()
    {
        var catalog = TriageCatalog.FromConfiguration(Configuration(
            ("FedBus:Tasks:brain:ModelId", "brain-seg"),
            ("FedBus:Tasks:brain:Triage:DailyBudget", "40"),
            ("FedBus:Tasks:brain:Triage:Strategy", "Diverse"),
            ("FedBus:Tasks:tumour:ModelId", "tumour-cls"),
            ("FedBus:Tasks:tumour:Triage:Threshold", "0.3")), new TriageOptions { Threshold = 0.7 });

        Assert.Equal((40, TriageStrategy.Diverse), (catalog.PlannerFor("brain-seg").Options.DailyBudget, catalog.PlannerFor("brain-seg").Options.Strategy));
        Assert.Equal(0.3, catalog.PolicyFor("tumour-cls").Options.Threshold);
        Assert.Equal(0.7, catalog.PolicyFor("unknown").Options.Threshold);
        Assert.Equal(["brain-seg", "tumour-cls"], catalog.ConfiguredModels.Order());
    }

    [Fact]
    public void A_model_configured_twice_or_a_setting_that_cannot_work_stops_start_up_with_its_name()
    {
        var twice = Assert.Throws<InvalidOperationException>(() => TriageCatalog.FromConfiguration(Configuration(
            ("FedBus:Tasks:a:ModelId", "m"), ("FedBus:Tasks:b:ModelId", "m")), new TriageOptions()));
        var bad = Assert.Throws<InvalidOperationException>(() => TriageCatalog.FromConfiguration(Configuration(
            ("FedBus:Tasks:a:ModelId", "m"), ("FedBus:Tasks:a:Triage:Threshold", "2")), new TriageOptions()));

        Assert.Contains("'m'", twice.Message, StringComparison.Ordinal);
        Assert.Contains("FedBus:Tasks:a:Triage", bad.Message, StringComparison.Ordinal);
    }
}
