namespace FedBus.Dicom.Network;

/// <summary>Asynchronous Operations Window sub-item (PS3.7 §D.3.3.3); 0 means unlimited.</summary>
public readonly record struct AsyncOperationsWindow(ushort MaxOperationsInvoked, ushort MaxOperationsPerformed);
