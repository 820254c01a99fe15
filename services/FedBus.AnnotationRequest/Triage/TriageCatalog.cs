using Microsoft.Extensions.Configuration;

namespace FedBus.AnnotationRequest.Triage;

/// <summary>
/// The triage settings of every task (model) this site runs: <c>FedBus:Tasks:&lt;name&gt;</c> sections with a
/// <c>ModelId</c> and a <c>Triage</c> subsection; results of any other model use the defaults.
/// </summary>
public sealed class TriageCatalog
{
    private readonly Dictionary<string, (TriagePolicy Policy, BudgetPlanner Planner)> _byModel = new(StringComparer.Ordinal);
    private readonly (TriagePolicy Policy, BudgetPlanner Planner) _default;

    public TriageCatalog(TriageOptions defaults, IReadOnlyDictionary<string, TriageOptions> byModel)
    {
        _default = (new TriagePolicy(defaults), new BudgetPlanner(defaults));
        foreach (var (model, options) in byModel) _byModel[model] = (new TriagePolicy(options), new BudgetPlanner(options));
    }

    public IEnumerable<string> ConfiguredModels => _byModel.Keys;

    public TriagePolicy PolicyFor(string modelId) => Entry(modelId).Policy;

    public BudgetPlanner PlannerFor(string modelId) => Entry(modelId).Planner;

    public static TriageCatalog FromConfiguration(IConfiguration configuration, TriageOptions defaults)
    {
        var byModel = new Dictionary<string, TriageOptions>(StringComparer.Ordinal);
        foreach (var task in configuration.GetSection("FedBus:Tasks").GetChildren())
        {
            var modelId = task["ModelId"];
            if (string.IsNullOrWhiteSpace(modelId)) continue;
            var options = new TriageOptions();
            task.GetSection("Triage").Bind(options);
            if (!byModel.TryAdd(modelId, options.Validate($"FedBus:Tasks:{task.Key}:Triage")))
                throw new InvalidOperationException($"FedBus:Tasks: model '{modelId}' is configured twice.");
        }
        return new TriageCatalog(defaults, byModel);
    }

    private (TriagePolicy Policy, BudgetPlanner Planner) Entry(string modelId) =>
        _byModel.TryGetValue(modelId, out var entry) ? entry : _default;
}
