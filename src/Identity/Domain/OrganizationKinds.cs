namespace SupportPlatform.Identity.Domain;

public static class OrganizationKinds
{
    public const string Vendor = "VENDOR";
    public const string Customer = "CUSTOMER";
}
