using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Notification.Messaging;

public sealed class InvitationConsumerDefinition : InboxConsumerDefinition<InvitationConsumer>;
