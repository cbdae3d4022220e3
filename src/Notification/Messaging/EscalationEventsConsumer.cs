using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Tells the parties what the escalation service states: a deferred clock, a missing hotline call,
/// SLA warnings and breaches, escalations, and pages (critical). The case's title and people come
/// from what the case events said of it (<see cref="KnownCaseStore"/>). Pages go to the people
/// paged only (the on-call policy chose them); the others reach the L2-3 support task's parties and
/// the case's followers too.
/// <para>
/// The case's events come on another queue, so nothing orders them before the escalation
/// service's: an event about a case notification has not heard of yet (or whose event another
/// replica has not committed yet) is retried, since without the case its submitter, assignee and
/// followers would never be told. On the last attempt it is notified without them, and a warning
/// says so. A page does not wait: the people paged are named in it.
/// </para>
/// </summary>
public sealed class EscalationEventsConsumer(Notifier notifier, ILogger<EscalationEventsConsumer> logger) :
    IConsumer<SlaClockDeferred>, IConsumer<HotlineCallMissing>, IConsumer<SlaWarningReached>, IConsumer<SlaBreached>,
    IConsumer<CaseEscalated>, IConsumer<PageTriggered>, IConsumer<PageAcknowledged>, IConsumer<PageExhausted>
{
    public Task Consume(ConsumeContext<SlaClockDeferred> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, _ => NotificationRules.ForClockDeferred(context.Message));

    public Task Consume(ConsumeContext<HotlineCallMissing> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, _ => NotificationRules.ForHotlineMissing(context.Message));

    public Task Consume(ConsumeContext<SlaWarningReached> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, known => NotificationRules.ForSlaWarning(context.Message, known));

    public Task Consume(ConsumeContext<SlaBreached> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, known => NotificationRules.ForSlaBreach(context.Message, known));

    public Task Consume(ConsumeContext<CaseEscalated> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, known => NotificationRules.ForEscalation(context.Message, known),
            actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<PageTriggered> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, known => NotificationRules.ForPage(context.Message, known), scoped: false);

    public Task Consume(ConsumeContext<PageAcknowledged> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, known => NotificationRules.ForPageAcknowledged(context.Message, known));

    public Task Consume(ConsumeContext<PageExhausted> context) =>
        AddAsync(context, context.Message.CaseId, context.Message.OrganizationId, known => NotificationRules.ForPageExhausted(context.Message, known));

    private Task AddAsync<TEvent>(ConsumeContext<TEvent> context, Guid caseId, Guid organizationId,
        Func<KnownCase?, IReadOnlyList<NotificationRules.Draft>> drafts, bool scoped = true, Guid? actor = null) where TEvent : class =>
        notifier.NotifyAsync(context, nameof(EscalationEventsConsumer), organizationId, scoped ? Audience.CaseWork : null, async work =>
        {
            var known = await KnownCaseStore.FindAsync(work, caseId);
            if (known is null && scoped)
            {
                if (!Inbox.IsLastAttempt(context))
                {
                    logger.LogDebug("{Event} of case {CaseId} waits for the case's events (attempt {Attempt})", typeof(TEvent).Name, caseId,
                        context.GetRetryAttempt() + 1);
                    throw new CaseNotYetKnownException(caseId);
                }
                logger.LogWarning("{Event} of case {CaseId} is notified without the case: none of its events arrived; its submitter, assignee and followers are not told",
                    typeof(TEvent).Name, caseId);
            }
            IReadOnlyList<Audience.Follower> followers = known is null || !scoped ? [] : await FollowerStore.OfCaseAsync(work, known);
            return new Notifier.Addressing(drafts(known), followers, caseId, null, actor, AboutP1: known?.Priority == "P1");
        });

    /// <summary>The case of an escalation event has not been heard of yet; the event is retried.</summary>
    private sealed class CaseNotYetKnownException(Guid caseId) : Exception($"Case {caseId} is not known yet: none of its events has arrived.");
}
