namespace FedBus.Dicom.Network;

/// <summary>The User Information item of A-ASSOCIATE-RQ/AC (PS3.8 §9.3.2.3, PS3.7 Annex D).</summary>
public sealed class UserInformation
{
    /// <summary>Largest P-DATA-TF variable field the sender accepts; 0 means no limit.</summary>
    public uint MaxPduLength { get; set; }

    public string? ImplementationClassUid { get; set; }

    public string? ImplementationVersionName { get; set; }

    public AsyncOperationsWindow? AsyncOperations { get; set; }

    public List<RoleSelection> RoleSelections { get; } = [];

    public List<UserInformationSubItem> OtherSubItems { get; } = [];
}
