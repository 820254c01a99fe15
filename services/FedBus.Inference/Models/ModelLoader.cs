using FedBus.Learning;
using FedBus.Learning.Profiles;
using FedBus.Learning.Weights;

namespace FedBus.Inference.Models;

/// <summary>Builds a <see cref="LoadedModel"/> from a record and its safetensors file, checking that it fits the task.</summary>
public static class ModelLoader
{
    public static LoadedModel Load(ModelRecord record, ReadOnlySpan<byte> weightFile)
    {
        ArgumentNullException.ThrowIfNull(record);
        ModelSpec spec;
        WeightFile file;
        try
        {
            spec = ModelSpec.Parse(record.ArchitectureId);
            spec.Validate();
            file = SafeTensors.Read(weightFile);
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"Model {record.ModelId} version {record.ModelVersion} cannot be loaded: {e.Message}", e);
        }
        if (!string.Equals(spec.Task.ToString(), record.Task.ToString(), StringComparison.Ordinal))
            throw new InvalidDataException($"Model {record.ModelId} version {record.ModelVersion} is published as {record.Task} but {record.ArchitectureId} is a {spec.Task} model.");
        if (record.Labels.ClassNames.Count != spec.Classes)
            throw new InvalidDataException(
                $"Model {record.ModelId} version {record.ModelVersion} names {record.Labels.ClassNames.Count} classes but {record.ArchitectureId} has {spec.Classes}.");
        var model = spec.CreateModel(0);
        try
        {
            model.ImportWeights(file.Weights);
            return new LoadedModel(record, model, TrainingProfile.ReadFrom(file.Weights));
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException)
        {
            model.Dispose();
            throw new InvalidDataException($"Model {record.ModelId} version {record.ModelVersion}: {e.Message}", e);
        }
    }
}
