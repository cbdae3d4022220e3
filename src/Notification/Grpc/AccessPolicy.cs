using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Notification.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Notification.Grpc;

/// <summary>Who may call which RPC of the notification service: everyone reads, counts, marks and follows their own.</summary>
public static class AccessPolicy
{
    private static readonly Principal[] Everyone = [Principal.EndUser, .. CaseReaders];

    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ListNotifications), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.GetUnreadCount), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.MarkNotificationsRead), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.WatchNotifications), Everyone);
}
