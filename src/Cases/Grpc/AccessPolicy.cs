using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Cases.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Cases.Grpc;

/// <summary>
/// Who may call which RPC of the case service. Coarse on purpose: whether the caller's party is
/// Responsible for the transition comes from the organisation's RASCI matrix in the handler.
/// </summary>
public static class AccessPolicy
{
    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.SubmitCase), Principal.L1Agent, Principal.Integration)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.GetCase), CaseReaders)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.AcknowledgeCase), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ResolveCase), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.CloseCase), [.. CustomerStaff, .. VendorCaseWorkers])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.RequestCustomerInfo), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ProvideCustomerInfo), [.. CustomerStaff, Principal.Integration])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.StartThirdPartyWait), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.EndThirdPartyWait), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ReopenCase), [.. CustomerStaff, .. VendorCaseWorkers])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ReturnCase), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ResubmitCase), [Principal.L1Agent])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.WithdrawCase), [.. CustomerStaff, Principal.Integration])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.AssignCase), VendorCaseWorkers)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ChangePriority), [.. CustomerStaff, .. VendorCaseWorkers])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.AddComment), [.. CustomerStaff, Principal.Integration, .. VendorCaseWorkers])
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ListCaseHistory), CaseReaders)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.ListCases), CaseReaders)
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.WatchCases), CaseReaders)
        .Allow(AccessService.Descriptor, nameof(AccessService.AccessServiceBase.RequestAccess), VendorCaseWorkers)
        .Allow(AccessService.Descriptor, nameof(AccessService.AccessServiceBase.ApproveAccess), CustomerStaff)
        .Allow(AccessService.Descriptor, nameof(AccessService.AccessServiceBase.DenyAccess), CustomerStaff)
        .Allow(AccessService.Descriptor, nameof(AccessService.AccessServiceBase.RevokeAccess), [.. CustomerStaff, .. VendorCaseWorkers])
        .Allow(AccessService.Descriptor, nameof(AccessService.AccessServiceBase.ListAccessGrants), CaseReaders);
}
