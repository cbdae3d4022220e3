using SupportPlatform.BuildingBlocks.Domain;
using MassTransit;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Application;

namespace SupportPlatform.Escalation.Messaging;

/// <summary>
/// What a P1 sets off besides its clock: a Premium Plus P1 (submitted so, or raised to P1) expects
/// the customer's hotline call; a P1 whose clock runs in business hours and that was submitted
/// outside them is told when its clock starts (<see cref="SlaClockDeferred"/>).
/// </summary>
public sealed class P1SubmissionConsumer(Inbox inbox, Outbox outbox, Hotline hotline) : IConsumer<CaseSubmitted>, IConsumer<CasePriorityChanged>
{
    public Task Consume(ConsumeContext<CaseSubmitted> context) =>
        inbox.HandleOnceAsync(context, nameof(P1SubmissionConsumer), async work =>
        {
            var snapshot = context.Message.Case;
            if (snapshot.Priority != "P1")
            {
                return;
            }
            var at = snapshot.ChangedAt ?? context.Message.OccurredAt;
            if (Hotline.Expected(snapshot.Plan, snapshot.Priority))
            {
                await hotline.ExpectAsync(work, snapshot, at);
            }
            var preview = await ClockPreview.ComputeAsync(work.Connection, work.Transaction, snapshot.OrganizationId, snapshot.Plan, snapshot.Priority, at);
            if (preview.Deferred)
            {
                var zone = preview.Schedule.Zone;
                await outbox.EnqueueAsync(work, new SlaClockDeferred(snapshot.CaseId, snapshot.OrganizationId, snapshot.SubmitterId, snapshot.Title,
                    snapshot.Priority, snapshot.Plan, at, preview.StartsAt.ToDateTimeOffset(),
                    LocalTimes.Format(preview.StartsAt, zone), zone.Id, at));
            }
        });

    public Task Consume(ConsumeContext<CasePriorityChanged> context) =>
        inbox.HandleOnceAsync(context, nameof(P1SubmissionConsumer), async work =>
        {
            var snapshot = context.Message.Case;
            if (Hotline.Expected(snapshot.Plan, snapshot.Priority))
            {
                await hotline.ExpectAsync(work, snapshot, snapshot.ChangedAt ?? context.Message.OccurredAt);
            }
        });
}
