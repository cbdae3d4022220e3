using MassTransit;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Application;

namespace SupportPlatform.Escalation.Messaging;

/// <summary>
/// The escalation service's one consumer of case events (one queue, one inbox record and one
/// transaction per event): records every case event as a moment of the case's clock, in whatever
/// order they arrive, and refreshes the clock. Every event but an assignment (internal to the
/// vendor) is a public update that starts a new update-cadence cycle; so is a customer's reply. A
/// P1's hotline expectation, page and deferred-clock notice (<see cref="P1Effects"/>) are written
/// in the same transaction.
/// </summary>
public sealed class CaseEventsConsumer(Inbox inbox, ClockKeeper keeper, P1Effects p1, TimeProvider clock) :
    IConsumer<CaseSubmitted>, IConsumer<CaseAcknowledged>, IConsumer<CaseResolved>, IConsumer<CaseClosed>,
    IConsumer<CaseReopened>, IConsumer<CaseWithdrawn>, IConsumer<CasePriorityChanged>, IConsumer<CaseResubmitted>,
    IConsumer<CaseReturned>, IConsumer<CaseCustomerInfoRequested>, IConsumer<CaseCustomerInfoProvided>, IConsumer<CaseAssigned>,
    IConsumer<CaseCommentAdded>, IConsumer<CaseAccessChanged>, IConsumer<CaseThirdPartyWaitChanged>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) =>
        Record(context, context.Message.Case, context.Message.OccurredAt, false,
            (work, recorded, now) => p1.SubmittedAsync(work, context.Message.Case, recorded, context.Message.OccurredAt, now));

    public Task Consume(ConsumeContext<CaseAcknowledged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseResolved> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseClosed> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseReopened> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseWithdrawn> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CasePriorityChanged> context) =>
        Record(context, context.Message.Case, context.Message.OccurredAt, true,
            (work, _, now) => p1.PriorityChangedAsync(work, context.Message.Case, context.Message.PreviousPriority, context.Message.OccurredAt, now));

    public Task Consume(ConsumeContext<CaseResubmitted> context) =>
        Record(context, context.Message.Case, context.Message.OccurredAt, true,
            (work, _, now) => p1.ResubmittedAsync(work, context.Message.Case, now));

    public Task Consume(ConsumeContext<CaseReturned> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseCustomerInfoRequested> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseCustomerInfoProvided> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseAssigned> context) => Record(context, context.Message.Case, context.Message.OccurredAt, false);

    public Task Consume(ConsumeContext<CaseCommentAdded> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseAccessChanged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    public Task Consume(ConsumeContext<CaseThirdPartyWaitChanged> context) => Record(context, context.Message.Case, context.Message.OccurredAt, true);

    private Task Record<T>(
        ConsumeContext<T> context, CaseSnapshot snapshot, DateTimeOffset occurredAt, bool isUpdate,
        Func<UnitOfWork, ClockSnapshot, DateTimeOffset, Task>? also = null) where T : class =>
        inbox.HandleOnceAsync(context, nameof(CaseEventsConsumer), async work =>
        {
            var now = clock.GetUtcNow();
            var recorded = await keeper.RecordAsync(work, snapshot, occurredAt, isUpdate, now);
            if (also is not null)
            {
                await also(work, recorded, now);
            }
        });
}
