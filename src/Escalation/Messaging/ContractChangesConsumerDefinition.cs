using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Escalation.Messaging;

public sealed class ContractChangesConsumerDefinition : InboxConsumerDefinition<ContractChangesConsumer>;
