namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>Role names as they appear in tokens (the identity proto's Role without its prefix).</summary>
public static class Roles
{
    public const string L1Agent = "L1_AGENT";
    public const string CustomerAdmin = "CUSTOMER_ADMIN";
    public const string EndUser = "END_USER";
    public const string L2Engineer = "L2_ENGINEER";
    public const string L3Engineer = "L3_ENGINEER";
    public const string SupportManager = "SUPPORT_MANAGER";
    public const string Trainer = "TRAINER";
    public const string PlatformAdmin = "PLATFORM_ADMIN";
    public const string Integration = "INTEGRATION";
    public const string InternalService = "INTERNAL_SERVICE";
}
