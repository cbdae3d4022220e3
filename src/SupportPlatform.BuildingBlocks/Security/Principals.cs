namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>Groups used by the policy tables.</summary>
public static class Principals
{
    public static readonly Principal[] CustomerStaff = [Principal.L1Agent, Principal.CustomerAdmin];
    public static readonly Principal[] VendorStaff = [Principal.VendorEngineer, Principal.SupportManager, Principal.Trainer, Principal.PlatformAdmin];
    public static readonly Principal[] VendorCaseWorkers = [Principal.VendorEngineer, Principal.SupportManager];

    /// <summary>Anyone who reads case data: customer staff and integrations, vendor staff, platform services.</summary>
    public static readonly Principal[] CaseReaders = [.. CustomerStaff, Principal.Integration, .. VendorStaff, Principal.InternalService];

    /// <summary>The kinds a caller is, from its party and roles (several when it holds several roles).</summary>
    public static IReadOnlySet<Principal> Of(Caller caller)
    {
        var kinds = new HashSet<Principal>();
        if (caller.IsVendor)
        {
            if (caller.HasAnyRole(Roles.L2Engineer, Roles.L3Engineer)) { kinds.Add(Principal.VendorEngineer); }
            if (caller.HasRole(Roles.SupportManager)) { kinds.Add(Principal.SupportManager); }
            if (caller.HasRole(Roles.Trainer)) { kinds.Add(Principal.Trainer); }
            if (caller.HasRole(Roles.PlatformAdmin)) { kinds.Add(Principal.PlatformAdmin); }
            if (caller.IsInternalService) { kinds.Add(Principal.InternalService); }
        }
        else if (caller.IsCustomer)
        {
            if (caller.HasRole(Roles.L1Agent)) { kinds.Add(Principal.L1Agent); }
            if (caller.HasRole(Roles.CustomerAdmin)) { kinds.Add(Principal.CustomerAdmin); }
            if (caller.HasRole(Roles.EndUser)) { kinds.Add(Principal.EndUser); }
            if (caller.IsServiceAccount && caller.HasRole(Roles.Integration)) { kinds.Add(Principal.Integration); }
        }
        return kinds;
    }
}
