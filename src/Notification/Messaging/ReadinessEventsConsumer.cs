using MassTransit;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>Tells a customer's admins that it fell below two authorised submitters (they are named by the event; no matrix task).</summary>
public sealed class ReadinessEventsConsumer(Notifier notifier) : IConsumer<SupportReadinessDropped>
{
    public Task Consume(ConsumeContext<SupportReadinessDropped> context) =>
        notifier.NotifyAsync(context, nameof(ReadinessEventsConsumer), context.Message.OrganizationId, null, _ =>
            Task.FromResult(new Notifier.Addressing(NotificationRules.ForReadiness(context.Message), [], null, null)));
}
