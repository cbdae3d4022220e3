using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Rca.Messaging;

public sealed class ContractChangesConsumerDefinition : InboxConsumerDefinition<ContractChangesConsumer>;
