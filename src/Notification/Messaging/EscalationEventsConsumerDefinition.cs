using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Notification.Messaging;

public sealed class EscalationEventsConsumerDefinition : InboxConsumerDefinition<EscalationEventsConsumer>;
