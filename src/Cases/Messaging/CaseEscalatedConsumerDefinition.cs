using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Cases.Messaging;

public sealed class CaseEscalatedConsumerDefinition : InboxConsumerDefinition<CaseEscalatedConsumer>;
