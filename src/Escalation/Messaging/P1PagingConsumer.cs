using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Messaging;

/// <summary>
/// Pages the on-call engineer for a Premium Plus P1 (docs/design.md, "SLAs and escalation"): a
/// case submitted or resubmitted as one, or raised to P1 later. The page, its first step and
/// its <see cref="PageTriggered"/> are written in the transaction that records the message; a
/// case already paged (a repeated or later event) is not paged again.
/// </summary>
public sealed class P1PagingConsumer(Inbox inbox, Paging paging, TimeProvider clock) :
    IConsumer<CaseSubmitted>, IConsumer<CaseResubmitted>, IConsumer<CasePriorityChanged>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) =>
        PageAsync(context, context.Message.Case, "Premium Plus P1 submitted");

    public Task Consume(ConsumeContext<CaseResubmitted> context) =>
        PageAsync(context, context.Message.Case, "Premium Plus P1 resubmitted");

    public Task Consume(ConsumeContext<CasePriorityChanged> context) =>
        PageAsync(context, context.Message.Case, $"Premium Plus case raised to P1 from {context.Message.PreviousPriority}");

    private async Task PageAsync<T>(ConsumeContext<T> context, CaseSnapshot snapshot, string why) where T : class
    {
        if (!P1Paging.Applies(snapshot.Plan, snapshot.Priority, snapshot.Status))
        {
            return;
        }
        await inbox.HandleOnceAsync(context, nameof(P1PagingConsumer),
            work => paging.StartP1Async(work, snapshot, $"{why}: {snapshot.Title}", clock.GetUtcNow()));
    }
}
