namespace FedBus.Dicom.Network;

/// <summary>SCP/SCU Role Selection sub-item (PS3.7 §D.3.3.4).</summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
