using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Tells the parties what the escalation service states: a deferred clock, a missing hotline call,
/// SLA warnings and breaches, escalations, and pages (critical). The case's title and people come
/// from what the case events said of it (<see cref="KnownCaseStore"/>).
/// </summary>
public sealed class EscalationEventsConsumer(Inbox inbox, TimeProvider clock) :
    IConsumer<SlaClockDeferred>, IConsumer<HotlineCallMissing>, IConsumer<SlaWarningReached>, IConsumer<SlaBreached>,
    IConsumer<CaseEscalated>, IConsumer<PageTriggered>, IConsumer<PageAcknowledged>, IConsumer<PageExhausted>
{
    public Task Consume(ConsumeContext<SlaClockDeferred> context) =>
        AddAsync(context, context.Message.CaseId, _ => NotificationRules.ForClockDeferred(context.Message));

    public Task Consume(ConsumeContext<HotlineCallMissing> context) =>
        AddAsync(context, context.Message.CaseId, _ => NotificationRules.ForHotlineMissing(context.Message));

    public Task Consume(ConsumeContext<SlaWarningReached> context) =>
        AddAsync(context, context.Message.CaseId, known => NotificationRules.ForSlaWarning(context.Message, known));

    public Task Consume(ConsumeContext<SlaBreached> context) =>
        AddAsync(context, context.Message.CaseId, known => NotificationRules.ForSlaBreach(context.Message, known));

    public Task Consume(ConsumeContext<CaseEscalated> context) =>
        AddAsync(context, context.Message.CaseId, known => NotificationRules.ForEscalation(context.Message, known));

    public Task Consume(ConsumeContext<PageTriggered> context) =>
        AddAsync(context, context.Message.CaseId, known => NotificationRules.ForPage(context.Message, known));

    public Task Consume(ConsumeContext<PageAcknowledged> context) =>
        AddAsync(context, context.Message.CaseId, known => NotificationRules.ForPageAcknowledged(context.Message, known));

    public Task Consume(ConsumeContext<PageExhausted> context) =>
        AddAsync(context, context.Message.CaseId, known => NotificationRules.ForPageExhausted(context.Message, known));

    private Task AddAsync<TEvent>(ConsumeContext<TEvent> context, Guid caseId, Func<KnownCase?, IReadOnlyList<NotificationRules.Draft>> drafts)
        where TEvent : class =>
        inbox.HandleOnceAsync(context, nameof(EscalationEventsConsumer), async work =>
            await NotificationStore.AddAsync(work, context.MessageId!.Value, typeof(TEvent).Name,
                drafts(await KnownCaseStore.FindAsync(work, caseId)), caseId, null, clock.GetUtcNow()));
}
