using FedBus.Dicom.Network;

namespace FedBus.Ingestion.Storing;

/// <summary>A staged instance's bytes still in memory (its file meta, then its data set), for the committer to hash.</summary>
public sealed record UnhashedInstance(ReadOnlyMemory<byte> Meta, DetachedDataSet DataSet)
{
    public long Length => Meta.Length + DataSet.Length;

    /// <summary>The memory it holds until hashed.</summary>
    public long MemoryFootprint => DataSet.MemoryFootprint;
}
