using SupportPlatform.BuildingBlocks;

namespace SupportPlatform.Notification.Application;

/// <summary>
/// Wakes the notification streams (WatchNotifications) of this replica when a consumer of this
/// replica has committed notifications; streams also poll, for those other replicas wrote.
/// </summary>
public sealed class NotificationSignal : ChangeBroadcast;
