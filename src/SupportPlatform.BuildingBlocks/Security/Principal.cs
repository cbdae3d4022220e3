namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>The kinds of principal a policy distinguishes.</summary>
public enum Principal
{
    /// <summary>No token.</summary>
    Anonymous,
    /// <summary>A customer's end-user.</summary>
    EndUser,
    /// <summary>A customer's L1 agent.</summary>
    L1Agent,
    /// <summary>A customer's administrator.</summary>
    CustomerAdmin,
    /// <summary>A customer's integration service account (CRM, ITSM).</summary>
    Integration,
    /// <summary>A vendor L2 or L3 engineer.</summary>
    VendorEngineer,
    /// <summary>A vendor support manager.</summary>
    SupportManager,
    /// <summary>A vendor trainer.</summary>
    Trainer,
    /// <summary>A vendor platform administrator (people or service accounts).</summary>
    PlatformAdmin,
    /// <summary>A platform service calling with its own credentials.</summary>
    InternalService,
}
