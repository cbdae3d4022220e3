using SupportPlatform.Cases.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Portal.Api;

/// <summary>The typed clients of the services the portal calls (one scope's worth).</summary>
public sealed record Services(
    CaseService.CaseServiceClient Cases,
    AccessService.AccessServiceClient Access,
    SlaService.SlaServiceClient Slas,
    EscalationService.EscalationServiceClient Escalations,
    OnCallService.OnCallServiceClient OnCall,
    PagingService.PagingServiceClient Paging,
    OrganizationService.OrganizationServiceClient Organizations,
    PeopleService.PeopleServiceClient People,
    NotificationService.NotificationServiceClient Notifications,
    RcaService.RcaServiceClient Rcas);
