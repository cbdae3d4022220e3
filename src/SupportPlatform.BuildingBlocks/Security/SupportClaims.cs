namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>Claim names of SupportPlatform access tokens.</summary>
public static class SupportClaims
{
    public const string Subject = "sub";
    public const string Organization = "org";
    /// <summary>VENDOR or CUSTOMER.</summary>
    public const string Party = "party";
    /// <summary>One claim per role, e.g. L1_AGENT.</summary>
    public const string Role = "role";
    /// <summary>person or service.</summary>
    public const string Kind = "kind";
    public const string Issuer = "supportplatform-identity";
    public const string Audience = "supportplatform";
}
