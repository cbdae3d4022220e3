using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>Tells the parties what the escalation service states: a deferred clock, a missing hotline call.</summary>
public sealed class EscalationEventsConsumer(Inbox inbox, TimeProvider clock) : IConsumer<SlaClockDeferred>, IConsumer<HotlineCallMissing>
{
    public Task Consume(ConsumeContext<SlaClockDeferred> context) =>
        inbox.HandleOnceAsync(context, nameof(EscalationEventsConsumer), work =>
            NotificationStore.AddAsync(work, context.MessageId!.Value, nameof(SlaClockDeferred),
                NotificationRules.ForClockDeferred(context.Message), context.Message.CaseId, null, clock.GetUtcNow()));

    public Task Consume(ConsumeContext<HotlineCallMissing> context) =>
        inbox.HandleOnceAsync(context, nameof(EscalationEventsConsumer), work =>
            NotificationStore.AddAsync(work, context.MessageId!.Value, nameof(HotlineCallMissing),
                NotificationRules.ForHotlineMissing(context.Message), context.Message.CaseId, null, clock.GetUtcNow()));
}
