using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>Tells the parties that an RCA is required.</summary>
public sealed class RcaEventsConsumer(Inbox inbox, TimeProvider clock) : IConsumer<RcaRequired>
{
    public Task Consume(ConsumeContext<RcaRequired> context) =>
        inbox.HandleOnceAsync(context, nameof(RcaEventsConsumer), work =>
            NotificationStore.AddAsync(work, context.MessageId!.Value, nameof(RcaRequired),
                NotificationRules.ForRca(context.Message), context.Message.CaseId, context.Message.RcaId, clock.GetUtcNow()));
}
