using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Rca.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Rca.Grpc;

/// <summary>
/// Who may call which RPC of the RCA service. Reads are open to everyone who reads cases; changes
/// to the people who act for a party (customer staff and integrations, vendor case workers) — and
/// which party's people may make which change is then the RCA's own rule (RcaLifecycle, from the
/// organisation's matrix).
/// </summary>
public static class AccessPolicy
{
    private static readonly Principal[] Actors = [.. CustomerStaff, Principal.Integration, .. VendorCaseWorkers];

    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.GetRca), CaseReaders)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.ListRcas), CaseReaders)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.GetRcaHistory), CaseReaders)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.RenderRca), CaseReaders)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.AttributeCause), VendorCaseWorkers)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.UpdateRcaAnalysis), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.AddTimelineEntry), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.RemoveTimelineEntry), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.AddRcaAction), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.UpdateRcaAction), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.LinkCase), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.UnlinkCase), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.AddRcaComment), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.SubmitRcaForReview), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.ApproveRca), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.RequestRcaChanges), Actors)
        .Allow(RcaService.Descriptor, nameof(RcaService.RcaServiceBase.PublishRca), Actors);
}
