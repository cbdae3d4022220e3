using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Messaging;

/// <summary>
/// Turns case events into in-app notifications. Exactly once per (event, recipient, channel): the
/// inbox drops repeats, and the unique key on the table would refuse a second copy anyway.
/// </summary>
public sealed class CaseEventsConsumer(Inbox inbox, TimeProvider clock, IConfiguration configuration) :
    IConsumer<CaseSubmitted>, IConsumer<CaseAcknowledged>, IConsumer<CaseResolved>, IConsumer<CaseClosed>,
    IConsumer<CaseCustomerInfoRequested>, IConsumer<CaseCustomerInfoProvided>, IConsumer<CaseReopened>, IConsumer<CaseReturned>,
    IConsumer<CaseResubmitted>, IConsumer<CaseWithdrawn>, IConsumer<CaseAssigned>, IConsumer<CasePriorityChanged>,
    IConsumer<CaseCommentAdded>, IConsumer<CaseAccessChanged>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseAcknowledged> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseResolved> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseClosed> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseCustomerInfoRequested> context) => Notify(context, context.Message.Case, context.Message.Question);

    public Task Consume(ConsumeContext<CaseCustomerInfoProvided> context) => Notify(context, context.Message.Case, context.Message.Answer);

    public Task Consume(ConsumeContext<CaseReopened> context) => Notify(context, context.Message.Case, context.Message.Reason);

    public Task Consume(ConsumeContext<CaseReturned> context) => Notify(context, context.Message.Case, context.Message.Explanation);

    public Task Consume(ConsumeContext<CaseResubmitted> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseWithdrawn> context) => Notify(context, context.Message.Case, context.Message.Reason);

    public Task Consume(ConsumeContext<CaseAssigned> context) => Notify(context, context.Message.Case);

    public Task Consume(ConsumeContext<CasePriorityChanged> context) => Notify(context, context.Message.Case, context.Message.Reason);

    public Task Consume(ConsumeContext<CaseCommentAdded> context) => Notify(context, context.Message.Case, context.Message.Body);

    public Task Consume(ConsumeContext<CaseAccessChanged> context) => Notify(context, context.Message.Case, context.Message.State.ToLowerInvariant());

    private Task Notify<T>(ConsumeContext<T> context, CaseSnapshot snapshot, string? detail = null) where T : class =>
        inbox.HandleOnceAsync(context, nameof(CaseEventsConsumer), async work =>
        {
            await KnownCaseStore.SaveAsync(work, snapshot);
            await NotificationStore.AddAsync(work, context.MessageId!.Value, typeof(T).Name,
                NotificationRules.ForCase(typeof(T).Name, snapshot, detail, configuration["Support:HotlineNumber"]), snapshot.CaseId, null, clock.GetUtcNow());
        });
}
