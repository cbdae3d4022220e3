namespace SupportPlatform.Identity.Domain;

/// <summary>The parties of the agreement, as stored.</summary>
public static class Parties
{
    public const string Vendor = "VENDOR";
    public const string Customer = "CUSTOMER";
    public const string EndUsers = "END_USERS";

    /// <summary>The matrix's column order.</summary>
    public static readonly IReadOnlyList<string> All = [Vendor, Customer, EndUsers];
}
