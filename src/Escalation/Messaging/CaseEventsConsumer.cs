using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Application;

namespace SupportPlatform.Escalation.Messaging;

/// <summary>
/// Records every case event as a moment of the case's clock, in whatever order they arrive, and
/// refreshes the clock. Every event but an assignment (internal to the vendor) is a public update
/// that starts a new update-cadence cycle; so is a customer's reply.
/// </summary>
public sealed class CaseEventsConsumer(Inbox inbox, ClockKeeper keeper, TimeProvider clock) :
    IConsumer<CaseSubmitted>, IConsumer<CaseAcknowledged>, IConsumer<CaseResolved>, IConsumer<CaseClosed>,
    IConsumer<CaseReopened>, IConsumer<CaseWithdrawn>, IConsumer<CasePriorityChanged>, IConsumer<CaseResubmitted>,
    IConsumer<CaseReturned>, IConsumer<CaseCustomerInfoRequested>, IConsumer<CaseCustomerInfoProvided>, IConsumer<CaseAssigned>,
    IConsumer<CaseCommentAdded>, IConsumer<CaseAccessChanged>, IConsumer<CaseThirdPartyWaitChanged>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) => Record(context, context.Message.Case, context.Message.OccurredAt, false);

    public Task Consume(ConsumeContext<CaseAcknowledged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseResolved> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseClosed> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseReopened> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseWithdrawn> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CasePriorityChanged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseResubmitted> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseReturned> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseCustomerInfoRequested> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseCustomerInfoProvided> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseAssigned> context) => Record(context, context.Message.Case, context.Message.OccurredAt, false);

    public Task Consume(ConsumeContext<CaseCommentAdded> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseAccessChanged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseThirdPartyWaitChanged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    private Task Record<T>(ConsumeContext<T> context, CaseSnapshot snapshot, DateTimeOffset occurredAt, bool isUpdate) where T : class =>
        inbox.HandleOnceAsync(context, nameof(CaseEventsConsumer),
            work => keeper.RecordAsync(work, snapshot, occurredAt, isUpdate, clock.GetUtcNow()));
}
