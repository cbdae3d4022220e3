using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.Identity.Grpc;

/// <summary>Who may read and change identity data.</summary>
internal static class Access
{
    public static void RequirePlatformAdmin(Caller caller)
    {
        if (!(caller.IsVendor && caller.HasRole(Roles.PlatformAdmin)))
        {
            throw new PermissionException("PLATFORM_ADMIN_REQUIRED", "Only platform administrators may do this.");
        }
    }

    /// <summary>Platform administrators, or customer admins of <paramref name="organizationId"/>.</summary>
    public static void RequireAdminOf(Caller caller, Guid organizationId)
    {
        var platformAdmin = caller.IsVendor && caller.HasRole(Roles.PlatformAdmin);
        var customerAdmin = caller.IsCustomer && caller.OrganizationId == organizationId && caller.HasRole(Roles.CustomerAdmin);
        if (!platformAdmin && !customerAdmin)
        {
            throw new PermissionException("ADMIN_REQUIRED", "Only the organisation's customer admins or platform administrators may do this.");
        }
    }

    /// <summary>Vendor staff see every organisation; customers only their own.</summary>
    public static bool MaySee(Caller caller, Guid organizationId) =>
        caller.IsVendor || caller.OrganizationId == organizationId;
}
