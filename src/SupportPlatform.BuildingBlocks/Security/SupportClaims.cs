namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// Claim names of SupportPlatform access tokens. The values of <see cref="Party"/> and
/// <see cref="Role"/> are the contracts' enum value names (support.common.v1.Party,
/// support.identity.v1.Role), e.g. PARTY_CUSTOMER and ROLE_L1_AGENT; inside the services a party
/// or role is its short name (CUSTOMER, L1_AGENT, as <see cref="Roles"/>), and these helpers
/// translate at the token's edge.
/// </summary>
public static class SupportClaims
{
    public const string Subject = "sub";
    public const string Organization = "org";
    /// <summary>PARTY_VENDOR or PARTY_CUSTOMER.</summary>
    public const string Party = "party";
    /// <summary>One claim per role, e.g. ROLE_L1_AGENT.</summary>
    public const string Role = "role";
    /// <summary>person or service.</summary>
    public const string Kind = "kind";
    public const string Issuer = "supportplatform-identity";
    public const string Audience = "supportplatform";

    private const string PartyPrefix = "PARTY_";
    private const string RolePrefix = "ROLE_";

    /// <summary>The party claim's value of a party's short name: VENDOR → PARTY_VENDOR.</summary>
    public static string PartyValue(string party) => PartyPrefix + party;

    /// <summary>The short name of a party claim's value; empty for a value that is not a party's.</summary>
    public static string PartyOf(string? value) => ShortName(value, PartyPrefix);

    /// <summary>The role claim's value of a role's short name: L1_AGENT → ROLE_L1_AGENT.</summary>
    public static string RoleValue(string role) => RolePrefix + role;

    /// <summary>The short name of a role claim's value; empty for a value that is not a role's.</summary>
    public static string RoleOf(string? value) => ShortName(value, RolePrefix);

    private static string ShortName(string? value, string prefix) =>
        value is not null && value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : "";
}
