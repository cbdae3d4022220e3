using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Tells the parties what happens to an RCA: required, its cause attributed (both parties), review
/// requested (the reviewer), reviewed (the owner), published (both), overdue (the owner), an action
/// overdue (its owner), a public comment (both). Internal notes raise no event, so none reaches here.
/// </summary>
public sealed class RcaEventsConsumer(Inbox inbox, TimeProvider clock)
    : IConsumer<RcaRequired>, IConsumer<RcaCauseAttributed>, IConsumer<RcaReviewRequested>, IConsumer<RcaReviewed>, IConsumer<RcaPublished>,
      IConsumer<RcaOverdue>, IConsumer<RcaActionOverdue>, IConsumer<RcaCommentAdded>
{
    public Task Consume(ConsumeContext<RcaRequired> context) =>
        AddAsync(context, NotificationRules.ForRca(context.Message), context.Message.CaseId, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaCauseAttributed> context) =>
        AddAsync(context, NotificationRules.ForRcaCause(context.Message), null, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaReviewRequested> context) =>
        AddAsync(context, NotificationRules.ForRcaReviewRequested(context.Message), null, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaReviewed> context) =>
        AddAsync(context, NotificationRules.ForRcaReviewed(context.Message), null, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaPublished> context) =>
        AddAsync(context, NotificationRules.ForRcaPublished(context.Message), context.Message.CaseIds.FirstOrDefault(), context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaOverdue> context) =>
        AddAsync(context, NotificationRules.ForRcaOverdue(context.Message), null, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaActionOverdue> context) =>
        AddAsync(context, NotificationRules.ForRcaActionOverdue(context.Message), null, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaCommentAdded> context) =>
        AddAsync(context, NotificationRules.ForRcaComment(context.Message), null, context.Message.RcaId);

    private Task AddAsync<TEvent>(ConsumeContext<TEvent> context, IReadOnlyList<NotificationRules.Draft> drafts, Guid? caseId, Guid rcaId)
        where TEvent : class =>
        inbox.HandleOnceAsync(context, nameof(RcaEventsConsumer), work =>
            NotificationStore.AddAsync(work, context.MessageId!.Value, typeof(TEvent).Name, drafts, caseId, rcaId, clock.GetUtcNow()));
}
