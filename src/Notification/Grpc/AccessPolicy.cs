using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Notification.V1;
using static SupportPlatform.BuildingBlocks.Security.Principals;

namespace SupportPlatform.Notification.Grpc;

/// <summary>
/// Who may call which RPC of the notification service: everyone reads, counts, marks and watches
/// their own notifications and sees their own deliveries (vendor staff everyone's); people of the customer's staff and the vendor's subscribe (not service accounts,
/// which receive no notifications, nor end-users, who do not follow cases); an organisation's
/// customer admins (and platform administrators) manage its webhook endpoints; people (not
/// service accounts) keep their own notification preferences.
/// </summary>
public static class AccessPolicy
{
    private static readonly Principal[] Everyone = [Principal.EndUser, .. CaseReaders];
    private static readonly Principal[] Staff = [.. CustomerStaff, .. VendorStaff];
    private static readonly Principal[] People = [Principal.EndUser, .. Staff];
    private static readonly Principal[] Administrators = [Principal.CustomerAdmin, Principal.PlatformAdmin];

    public static RpcPolicy Table { get; } = new RpcPolicy()
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ListNotifications), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.GetUnreadCount), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.MarkNotificationsRead), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.WatchNotifications), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.Subscribe), Staff)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.Unsubscribe), Staff)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ListSubscriptions), Staff)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.GetDeliveryStatus), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ListDeliveries), Everyone)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ReplayDelivery), [Principal.CustomerAdmin, .. VendorStaff])
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.RegisterWebhookEndpoint), Administrators)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.ListWebhookEndpoints), Administrators)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.RotateWebhookSecret), Administrators)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.DeleteWebhookEndpoint), Administrators)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.GetNotificationPreferences), People)
        .Allow(NotificationService.Descriptor, nameof(NotificationService.NotificationServiceBase.UpdateNotificationPreferences), People);
}
