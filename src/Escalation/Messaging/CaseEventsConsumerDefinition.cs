using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Escalation.Messaging;

public sealed class CaseEventsConsumerDefinition : InboxConsumerDefinition<CaseEventsConsumer>;
