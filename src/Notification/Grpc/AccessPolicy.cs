using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Notification.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Notification.Grpc;

/// <summary>Who may call which RPC of the notification service: everyone reads their own.</summary>
public static class AccessPolicy
{
    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ListNotifications),
            [Principal.EndUser, .. CaseReaders]);
}
