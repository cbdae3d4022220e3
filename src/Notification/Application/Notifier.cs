using Grpc.Core;
using MassTransit;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Responsibility;
using Microsoft.Extensions.Options;
using SupportPlatform.Notification.Channels;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Application;

/// <summary>
/// Writes an event's notifications once: the rule's drafts, addressed (<see cref="Audience"/>) to
/// the parties the organisation's matrix names for the event's task and to the followers. The
/// matrix is read from the identity service (cached) before the inbox transaction opens, so no
/// call to another service runs while the transaction holds the database. When identity cannot
/// answer, the attempt fails and the event is retried (nothing is written); on the last attempt
/// the event is written without the matrix (the rule's recipients and the followers), so that an
/// identity outage costs the matrix's extra recipients, never the event. The notifications
/// <see cref="ChannelRules"/> picks get pending e-mail and SMS deliveries in the same transaction,
/// the organisation's webhook endpoints one each (with the customer's text), and the delivery
/// worker is woken. An FYI that reaches a person only through their party's letters gets an
/// e-mail only when the person takes a digest (it waits for the digest there).
/// </summary>
public sealed class Notifier(Inbox inbox, ResponsibilityDirectory directory, DeliverySignal signal, NotificationSignal streams, IOptions<EmailOptions> email, IOptions<SmsOptions> sms,
    TimeProvider clock, ILogger<Notifier> logger)
{
    /// <summary>What a consumer writes for one event: its drafts, who follows what it is about, and who caused it (not told).</summary>
    /// <param name="AboutP1">Whether the event is about a P1 case or its RCA (what it asks goes by SMS too).</param>
    /// <param name="ToWebhooks">Whether the organisation's webhook endpoints hear of it (never for a personal invitation).</param>
    public sealed record Addressing(IReadOnlyList<NotificationRules.Draft> Drafts, IReadOnlyList<Audience.Follower> Followers, Guid? CaseId, Guid? RcaId,
        Guid? Actor = null, bool AboutP1 = false, bool ToWebhooks = true);

    public async Task NotifyAsync<TEvent>(ConsumeContext<TEvent> context, string consumer, Guid organizationId, Audience.Scope? scope,
        Func<UnitOfWork, Task<Addressing>> address) where TEvent : class
    {
        var matrix = scope is null ? null : await MatrixAsync(organizationId, scope.TaskId, Inbox.IsLastAttempt(context), context.CancellationToken);
        var (mail, text) = (email.Value, sms.Value);
        var deliveries = 0;
        List<(string Kind, string Id)> recipients = [];
        var eventType = typeof(TEvent).Name;
        var applied = await inbox.HandleOnceAsync(context, consumer, async work =>
        {
            var addressing = await address(work);
            var addressed = Audience.Address(addressing.Drafts, scope, matrix, addressing.Followers, addressing.Actor);
            var digests = await PreferenceStore.WithDigestAsync(work,
                addressed.Where(draft => draft.RecipientKind == NotificationRules.Person).Select(draft => draft.RecipientId));
            var written = await NotificationStore.AddAsync(work, context.MessageId!.Value, eventType, addressed, addressing.CaseId, addressing.RcaId,
                clock.GetUtcNow(), draft => ChannelRules.For(draft, mail.Enabled, mail.QueueAddress.Length > 0, text.Enabled, addressing.AboutP1,
                    digests.Contains(draft.RecipientId)));
            deliveries = written.Deliveries;
            recipients = written.Notifications.Select(notification => (notification.Record.RecipientKind, notification.Record.RecipientId)).Distinct().ToList();
            // The organisation's webhook endpoints get the text the rule wrote for its people —
            // never the vendor's — whoever of them was told (the person who acted is not).
            var endpoints = addressing.ToWebhooks
                ? (await WebhookStore.ActiveAsync(work, organizationId)).Where(endpoint => endpoint.Wants(eventType)).ToList()
                : [];
            if (endpoints.Count > 0 && addressing.Drafts.FirstOrDefault(draft => draft.Party == NotificationRules.Customer) is { } forCustomer)
            {
                var carried = await NotificationStore.AddForWebhooksAsync(work, context.MessageId!.Value, eventType, forCustomer, addressing.CaseId,
                    addressing.RcaId, clock.GetUtcNow());
                foreach (var endpoint in endpoints)
                {
                    await DeliveryStore.AddAsync(work, carried, ChannelRules.Webhook, (ChannelRules.WebhookEndpoint, endpoint.Id.ToString()));
                    deliveries++;
                }
            }
        });
        if (applied)
        {
            streams.Notify(recipients);
        }
        if (deliveries > 0)
        {
            signal.Notify();
        }
    }

    private async Task<TaskResponsibility?> MatrixAsync(Guid organizationId, string taskId, bool lastAttempt, CancellationToken cancellationToken)
    {
        try
        {
            return await directory.ResolveAsync(organizationId, taskId, cancellationToken);
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Not a customer organisation identity knows (or the task is gone): only the people the
            // rule names and the followers are told.
            logger.LogWarning("No matrix for task {TaskId} of organisation {OrganizationId}: {Detail}", taskId, organizationId, exception.Status.Detail);
            return null;
        }
        catch (RpcException exception) when (lastAttempt && exception.StatusCode != StatusCode.Cancelled)
        {
            logger.LogWarning("Identity did not answer for task {TaskId} of organisation {OrganizationId} ({Status}); notifying without the matrix",
                taskId, organizationId, exception.StatusCode);
            return null;
        }
    }
}
