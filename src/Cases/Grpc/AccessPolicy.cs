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
        .Allow(CaseService.Descriptor, nameof(CaseService.CaseServiceBase.CloseCase), [.. CustomerStaff, .. VendorCaseWorkers]);
}
