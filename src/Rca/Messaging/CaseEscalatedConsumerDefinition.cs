using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Rca.Messaging;

public sealed class CaseEscalatedConsumerDefinition : InboxConsumerDefinition<CaseEscalatedConsumer>;
