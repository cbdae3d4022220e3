namespace SupportPlatform.BuildingBlocks.Security;

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
