using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>Tells a customer's admins that it fell below two authorised submitters.</summary>
public sealed class ReadinessEventsConsumer(Inbox inbox, TimeProvider clock) : IConsumer<SupportReadinessDropped>
{
    public Task Consume(ConsumeContext<SupportReadinessDropped> context) =>
        inbox.HandleOnceAsync(context, nameof(ReadinessEventsConsumer), work =>
            NotificationStore.AddAsync(work, context.MessageId!.Value, nameof(SupportReadinessDropped),
                NotificationRules.ForReadiness(context.Message), null, null, clock.GetUtcNow()));
}
