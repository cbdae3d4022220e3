using MassTransit;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Tells the parties what happens to an RCA: required, its cause attributed (both parties), review
/// requested (the reviewer, asked for input), reviewed (the owner), published (both), overdue (the
/// owner), an action overdue (its owner), a public comment (both). Beyond the people each rule
/// names, the parties of the RCA task of the owning party (vendor-caused or other causes) in the
/// organisation's matrix and the RCA's subscribers are told; the person who acted is not. Internal
/// notes raise no event, so none reaches here.
/// </summary>
public sealed class RcaEventsConsumer(Notifier notifier, Database database)
    : IConsumer<RcaRequired>, IConsumer<RcaCauseAttributed>, IConsumer<RcaReviewRequested>, IConsumer<RcaReviewed>, IConsumer<RcaPublished>,
      IConsumer<RcaOverdue>, IConsumer<RcaActionOverdue>, IConsumer<RcaCommentAdded>
{
    public Task Consume(ConsumeContext<RcaRequired> context) =>
        AddAsync(context, NotificationRules.ForRca(context.Message), context.Message.OrganizationId, context.Message.OwnerParty,
            context.Message.OccurredAt, context.Message.CaseId, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaCauseAttributed> context) =>
        AddAsync(context, NotificationRules.ForRcaCause(context.Message), context.Message.OrganizationId, context.Message.Owner,
            context.Message.OccurredAt, null, context.Message.RcaId, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<RcaReviewRequested> context) =>
        AddAsync(context, NotificationRules.ForRcaReviewRequested(context.Message), context.Message.OrganizationId, context.Message.Owner,
            context.Message.OccurredAt, null, context.Message.RcaId, asksInput: true, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<RcaReviewed> context) =>
        AddAsync(context, NotificationRules.ForRcaReviewed(context.Message), context.Message.OrganizationId, context.Message.Owner,
            context.Message.OccurredAt, null, context.Message.RcaId, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<RcaPublished> context) =>
        AddAsync(context, NotificationRules.ForRcaPublished(context.Message), context.Message.OrganizationId, context.Message.Owner,
            context.Message.OccurredAt, context.Message.CaseIds.FirstOrDefault(), context.Message.RcaId, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<RcaOverdue> context) =>
        AddAsync(context, NotificationRules.ForRcaOverdue(context.Message), context.Message.OrganizationId, context.Message.Owner,
            context.Message.OccurredAt, null, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaActionOverdue> context) =>
        AddOfKnownOwnerAsync(context, NotificationRules.ForRcaActionOverdue(context.Message), context.Message.OrganizationId, context.Message.RcaId);

    public Task Consume(ConsumeContext<RcaCommentAdded> context) =>
        AddOfKnownOwnerAsync(context, NotificationRules.ForRcaComment(context.Message), context.Message.OrganizationId, context.Message.RcaId,
            context.Message.ActorId);

    /// <summary>
    /// For an event that does not name the RCA's owner: the owner its earlier events named decides
    /// the task; with none known, only the people the rule names are told.
    /// </summary>
    private async Task AddOfKnownOwnerAsync<TEvent>(ConsumeContext<TEvent> context, IReadOnlyList<NotificationRules.Draft> drafts,
        Guid organizationId, Guid rcaId, Guid? actor = null) where TEvent : class
    {
        var owner = await FollowerStore.RcaOwnerAsync(database, rcaId, context.CancellationToken);
        await notifier.NotifyAsync(context, nameof(RcaEventsConsumer), organizationId, owner is null ? null : Audience.RcaWork(owner), async work =>
            new Notifier.Addressing(drafts, await FollowerStore.OfRcaAsync(work, rcaId, organizationId, null, default), null, rcaId, actor, AboutP1: true));
    }

    private Task AddAsync<TEvent>(ConsumeContext<TEvent> context, IReadOnlyList<NotificationRules.Draft> drafts, Guid organizationId, string owner,
        DateTimeOffset at, Guid? caseId, Guid rcaId, bool asksInput = false, Guid? actor = null) where TEvent : class =>
        notifier.NotifyAsync(context, nameof(RcaEventsConsumer), organizationId, Audience.RcaWork(owner, asksInput), async work =>
            new Notifier.Addressing(drafts, await FollowerStore.OfRcaAsync(work, rcaId, organizationId, owner, at), caseId, rcaId, actor, AboutP1: true));
}
