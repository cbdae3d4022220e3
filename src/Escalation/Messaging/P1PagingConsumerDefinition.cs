using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Escalation.Messaging;

public sealed class P1PagingConsumerDefinition : InboxConsumerDefinition<P1PagingConsumer>;
