using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Rca.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Rca.Grpc;

/// <summary>Who may call which RPC of the RCA service.</summary>
public static class AccessPolicy
{
    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.GetRca), CaseReaders)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.ListRcas), CaseReaders);
}
