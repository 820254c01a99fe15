namespace FedBus.Ingestion.DicomWeb;

/// <summary>A QIDO-RS query that cannot be answered as asked; its message is the 400 response's reason.</summary>
public sealed class QidoQueryException(string message) : Exception(message);
