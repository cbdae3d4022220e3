namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>The kinds of principal a policy distinguishes.</summary>
public enum Principal
{
    /// <summary>No token.</summary>
    Anonymous,
    /// <summary>A customer's end-user.</summary>
    EndUser,
    /// <summary>A customer's L1 agent.</summary>
    L1Agent,
    /// <summary>A customer's administrator.</summary>
    CustomerAdmin,
    /// <summary>A customer's integration service account (CRM, ITSM).</summary>
    Integration,
    /// <summary>A vendor L2 or L3 engineer.</summary>
    VendorEngineer,
    /// <summary>A vendor support manager.</summary>
    SupportManager,
    /// <summary>A vendor trainer.</summary>
    Trainer,
    /// <summary>A vendor platform administrator (people or service accounts).</summary>
    PlatformAdmin,
    /// <summary>A platform service calling with its own credentials.</summary>
    InternalService,
}

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

/// <summary>
/// A service's policy table: which kinds of principal may call which RPC (full method name,
/// <c>/package.Service/Method</c>). An RPC missing from the table is refused for everyone, so
/// a new RPC cannot be reachable by accident; the tests walk every RPC against the table.
/// Finer rules (tenant, RASCI responsibility, "only about yourself") stay in the handlers.
/// </summary>
public sealed class RpcPolicy
{
    private readonly Dictionary<string, IReadOnlySet<Principal>> allowed = new(StringComparer.Ordinal);

    /// <summary>Allows <paramref name="principals"/> to call <paramref name="method"/> of <paramref name="service"/>.</summary>
    public RpcPolicy Allow(Google.Protobuf.Reflection.ServiceDescriptor service, string method, params Principal[] principals)
    {
        if (service.FindMethodByName(method) is null)
        {
            throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method));
        }
        allowed[$"/{service.FullName}/{method}"] = principals.ToHashSet();
        return this;
    }

    public IReadOnlyDictionary<string, IReadOnlySet<Principal>> Entries => allowed;

    public bool IsAnonymous(string method) => allowed.TryGetValue(method, out var set) && set.Contains(Principal.Anonymous);

    /// <summary>Null when the method has no entry at all.</summary>
    public IReadOnlySet<Principal>? For(string method) => allowed.GetValueOrDefault(method);
}
