using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Notification.Messaging;

public sealed class RcaEventsConsumerDefinition : InboxConsumerDefinition<RcaEventsConsumer>;
