using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Messaging;

/// <summary>Keeps each case's SLA record from the case events, in whatever order they arrive.</summary>
public sealed class CaseEventsConsumer(Inbox inbox) :
    IConsumer<CaseSubmitted>, IConsumer<CaseAcknowledged>, IConsumer<CaseResolved>, IConsumer<CaseClosed>,
    IConsumer<CaseReopened>, IConsumer<CaseWithdrawn>, IConsumer<CasePriorityChanged>, IConsumer<CaseResubmitted>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseAcknowledged> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseResolved> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseClosed> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseReopened> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseWithdrawn> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CasePriorityChanged> context) => Apply(context, context.Message.Case);

    public Task Consume(ConsumeContext<CaseResubmitted> context) => Apply(context, context.Message.Case);

    private Task Apply<T>(ConsumeContext<T> context, CaseSnapshot snapshot) where T : class =>
        inbox.HandleOnceAsync(context, nameof(CaseEventsConsumer), work => SlaStore.ApplyAsync(work, snapshot));
}
