using SupportPlatform.BuildingBlocks;

namespace SupportPlatform.Notification.Channels;

/// <summary>Wakes the delivery worker when a consumer has committed new deliveries (or one is replayed).</summary>
public sealed class DeliverySignal : WakeSignal;
