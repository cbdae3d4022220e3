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

    /// <summary>Vendor staff see every organisation; customers only their own.</summary>
    public static bool MaySee(Caller caller, Guid organizationId) =>
        caller.IsVendor || caller.OrganizationId == organizationId;
}
