using MassTransit;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Application;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Turns case events into notifications: the rule's recipients (submitter, vendor queue,
/// assignee), the parties of the L2-3 support task in the organisation's matrix, and the case's
/// followers. A commenter becomes a participant of the case. The person who acted is not told of
/// their own act (the vendor's queue still is). Exactly once per (event, recipient,
/// channel): the inbox drops repeats, and the unique key on the table would refuse a second copy.
/// </summary>
public sealed class CaseEventsConsumer(Notifier notifier, IConfiguration configuration) :
    IConsumer<CaseSubmitted>, IConsumer<CaseAcknowledged>, IConsumer<CaseResolved>, IConsumer<CaseClosed>,
    IConsumer<CaseCustomerInfoRequested>, IConsumer<CaseCustomerInfoProvided>, IConsumer<CaseReopened>, IConsumer<CaseReturned>,
    IConsumer<CaseResubmitted>, IConsumer<CaseWithdrawn>, IConsumer<CaseAssigned>, IConsumer<CasePriorityChanged>,
    IConsumer<CaseCommentAdded>, IConsumer<CaseAccessChanged>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseAcknowledged> context) => Notify(context, context.Message.Case, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseResolved> context) => Notify(context, context.Message.Case, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseClosed> context) => Notify(context, context.Message.Case, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseCustomerInfoRequested> context) =>
        Notify(context, context.Message.Case, context.Message.Question, asksInput: true, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseCustomerInfoProvided> context) =>
        Notify(context, context.Message.Case, context.Message.Answer, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseReopened> context) =>
        Notify(context, context.Message.Case, context.Message.Reason, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseReturned> context) =>
        Notify(context, context.Message.Case, context.Message.Explanation, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseResubmitted> context) => Notify(context, context.Message.Case, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseWithdrawn> context) =>
        Notify(context, context.Message.Case, context.Message.Reason, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseAssigned> context) => Notify(context, context.Message.Case, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CasePriorityChanged> context) =>
        Notify(context, context.Message.Case, context.Message.Reason, actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseCommentAdded> context) =>
        Notify(context, context.Message.Case, context.Message.Body,
            commenter: new Audience.Follower(context.Message.ActorId, context.Message.ActorParty), at: context.Message.OccurredAt,
            actor: context.Message.ActorId);

    public Task Consume(ConsumeContext<CaseAccessChanged> context) =>
        Notify(context, context.Message.Case, context.Message.State.ToLowerInvariant(), asksInput: context.Message.State == "REQUESTED",
            actor: context.Message.ActorId);

    private Task Notify<T>(ConsumeContext<T> context, CaseSnapshot snapshot, string? detail = null, bool asksInput = false,
        Audience.Follower? commenter = null, DateTimeOffset at = default, Guid? actor = null) where T : class =>
        notifier.NotifyAsync(context, nameof(CaseEventsConsumer), snapshot.OrganizationId, Audience.CaseWork with { AsksInput = asksInput }, async work =>
        {
            await KnownCaseStore.SaveAsync(work, snapshot);
            if (commenter is not null)
            {
                await FollowerStore.AddParticipantAsync(work, snapshot.CaseId, commenter.PersonId, commenter.Party, at);
            }
            var known = new KnownCase(snapshot.CaseId, snapshot.OrganizationId, snapshot.SubmitterId, snapshot.AssigneeId, snapshot.Title, snapshot.Priority);
            var drafts = NotificationRules.ForCase(typeof(T).Name, snapshot, detail, configuration["Support:HotlineNumber"]);
            return new Notifier.Addressing(drafts, await FollowerStore.OfCaseAsync(work, known), snapshot.CaseId, null, actor, AboutP1: snapshot.Priority == "P1");
        });
}
