using Grpc.Core;

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

/// <summary>The authenticated principal of a call, read from its validated access token.</summary>
public sealed record Caller(
    Guid SubjectId,
    Guid OrganizationId,
    string Party,
    IReadOnlySet<string> Roles,
    bool IsServiceAccount,
    string AccessToken)
{
    public const string VendorParty = "VENDOR";
    public const string CustomerParty = "CUSTOMER";

    public bool IsVendor => Party == VendorParty;

    public bool IsCustomer => Party == CustomerParty;

    public bool HasRole(string role) => Roles.Contains(role);

    public bool HasAnyRole(params string[] roles) => roles.Any(Roles.Contains);

    /// <summary>
    /// The RASCI party the caller acts for: VENDOR for vendor staff and services, END_USERS for a
    /// customer's end-users, CUSTOMER for the customer's other people and accounts.
    /// </summary>
    public string MatrixParty =>
        IsVendor ? VendorParty
        : Roles.Count > 0 && Roles.All(role => role == BuildingBlocks.Security.Roles.EndUser) ? "END_USERS"
        : CustomerParty;

    /// <summary>A platform service calling with its own client credentials.</summary>
    public bool IsInternalService => IsVendor && IsServiceAccount && HasRole(BuildingBlocks.Security.Roles.InternalService);

    /// <summary>Everything but the access token, so that logging a caller cannot leak the token.</summary>
    public override string ToString() =>
        $"Caller {{ SubjectId = {SubjectId}, OrganizationId = {OrganizationId}, Party = {Party}, " +
        $"Roles = [{string.Join(", ", Roles)}], IsServiceAccount = {IsServiceAccount}, AccessToken = (redacted) }}";

    /// <summary>Vendor staff who work cases: L2, L3 or support manager.</summary>
    public bool IsVendorEngineer =>
        IsVendor && HasAnyRole(BuildingBlocks.Security.Roles.L2Engineer, BuildingBlocks.Security.Roles.L3Engineer, BuildingBlocks.Security.Roles.SupportManager);
}

public static class CallerExtensions
{
    internal const string Key = "supportplatform.caller";

    /// <summary>The authenticated caller; set by <see cref="AuthenticationInterceptor"/>.</summary>
    public static Caller GetCaller(this ServerCallContext context) =>
        context.UserState.TryGetValue(Key, out var caller) && caller is Caller value
            ? value
            : throw new InvalidOperationException("The method is anonymous or the authentication interceptor is missing.");
}
