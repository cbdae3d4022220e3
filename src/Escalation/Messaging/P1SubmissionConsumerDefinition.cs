using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Escalation.Messaging;

public sealed class P1SubmissionConsumerDefinition : InboxConsumerDefinition<P1SubmissionConsumer>;
