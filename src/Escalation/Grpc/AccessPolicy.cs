using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Escalation.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>Who may call which RPC of the escalation service.</summary>
public static class AccessPolicy
{
    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(SlaService.Descriptor, nameof(SlaService.SlaServiceBase.GetCaseSla), CaseReaders)
        .Allow(SlaService.Descriptor, nameof(SlaService.SlaServiceBase.ListCaseSlas), CaseReaders)
        .Allow(SlaService.Descriptor, nameof(SlaService.SlaServiceBase.GetSlaReport), CaseReaders)
        .Allow(SlaService.Descriptor, nameof(SlaService.SlaServiceBase.PreviewClock), CaseReaders)
        // Vendor case workers escalate any case; customer staff and integrations ask for their own.
        .Allow(EscalationService.Descriptor, nameof(EscalationService.EscalationServiceBase.EscalateCase),
            [.. VendorCaseWorkers, .. CustomerStaff, Principal.Integration])
        .Allow(EscalationService.Descriptor, nameof(EscalationService.EscalationServiceBase.ListEscalations), CaseReaders)
        // The engineer who takes a hotline call records it; everyone who reads the case may see it.
        .Allow(EscalationService.Descriptor, nameof(EscalationService.EscalationServiceBase.RecordHotlineCall), VendorCaseWorkers)
        .Allow(EscalationService.Descriptor, nameof(EscalationService.EscalationServiceBase.ListHotlineCalls), CaseReaders)
        // Customers read the targets their plan promises; only platform administrators change them.
        .Allow(SlaPolicyService.Descriptor, nameof(SlaPolicyService.SlaPolicyServiceBase.ListSlaPolicies), CaseReaders)
        .Allow(SlaPolicyService.Descriptor, nameof(SlaPolicyService.SlaPolicyServiceBase.UpdateSlaPolicy), [Principal.PlatformAdmin])
        // On-call schedules and escalation policies: written by support managers and platform
        // administrators, read by vendor staff.
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.CreateSchedule), OnCallWriters)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.UpdateSchedule), OnCallWriters)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.GetSchedule), VendorStaff)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.ListSchedules), VendorStaff)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.AddOverride), OnCallWriters)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.RemoveOverride), OnCallWriters)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.GetOnCall), VendorStaff)
        .Allow(OnCallService.Descriptor, nameof(OnCallService.OnCallServiceBase.ListScheduleGaps), VendorStaff)
        .Allow(EscalationPolicyService.Descriptor, nameof(EscalationPolicyService.EscalationPolicyServiceBase.CreateEscalationPolicy), OnCallWriters)
        .Allow(EscalationPolicyService.Descriptor, nameof(EscalationPolicyService.EscalationPolicyServiceBase.GetEscalationPolicy), VendorStaff)
        .Allow(EscalationPolicyService.Descriptor, nameof(EscalationPolicyService.EscalationPolicyServiceBase.ListEscalationPolicies), VendorStaff)
        .Allow(EscalationPolicyService.Descriptor, nameof(EscalationPolicyService.EscalationPolicyServiceBase.UpdateEscalationPolicy), OnCallWriters)
        // Pages: read by vendor staff; acknowledged by vendor case workers, or by the trainer or
        // administrator a page paged (the handler checks that).
        .Allow(PagingService.Descriptor, nameof(PagingService.PagingServiceBase.GetPage), VendorStaff)
        .Allow(PagingService.Descriptor, nameof(PagingService.PagingServiceBase.ListPages), VendorStaff)
        .Allow(PagingService.Descriptor, nameof(PagingService.PagingServiceBase.AcknowledgePage), VendorStaff);

    private static Principal[] OnCallWriters => [Principal.SupportManager, Principal.PlatformAdmin];
}
