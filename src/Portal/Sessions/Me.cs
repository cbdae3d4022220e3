namespace SupportPlatform.Portal.Sessions;

/// <summary>The signed-in person as pages need them: whose side they are on and what they may do.</summary>
public sealed record Me(string PersonId, string OrganizationId, bool IsVendor, string Name, IReadOnlySet<string> Roles)
{
    public bool IsCustomer => !IsVendor;

    /// <summary>May submit cases (the service still checks training and authorisation).</summary>
    public bool IsL1Agent => Roles.Contains("L1_AGENT");

    public bool IsCustomerAdmin => Roles.Contains("CUSTOMER_ADMIN");

    /// <summary>Works cases: L2/L3 engineers and support managers.</summary>
    public bool IsEngineer => Roles.Overlaps(["L2_ENGINEER", "L3_ENGINEER", "SUPPORT_MANAGER"]);
}
