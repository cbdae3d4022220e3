using MassTransit;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>E-mails an invited person the link to set their password (no matrix task, no webhook).</summary>
public sealed class InvitationConsumer(Notifier notifier) : IConsumer<PersonInvited>
{
    public Task Consume(ConsumeContext<PersonInvited> context) =>
        notifier.NotifyAsync(context, nameof(InvitationConsumer), context.Message.OrganizationId, null, _ =>
            Task.FromResult(new Notifier.Addressing(NotificationRules.ForInvitation(context.Message), [], null, null, ToWebhooks: false)));
}
