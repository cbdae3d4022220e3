using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// What a P1 sets off besides its clock, in the transaction that records the case event: a
/// Premium Plus P1 (submitted so, or raised to P1) expects the customer's hotline call and pages
/// the on-call engineer (submitted, resubmitted or raised to P1 while open; a case is paged at most
/// once); a P1 whose clock runs in business hours and that was submitted outside them is told when
/// its clock starts (<see cref="SlaClockDeferred"/>).
/// </summary>
public sealed class P1Effects(Outbox outbox, Hotline hotline, Paging paging)
{
    /// <summary>
    /// A case submitted: <paramref name="clock"/> is its clock as just recorded. Its policy and
    /// business schedule say whether (and until when) the clock waits for business hours, unless a
    /// later event of the case reached the clock first and moved it to another priority: then the
    /// submitted priority's current policy and the organisation's calendar are read, as the case
    /// was submitted.
    /// </summary>
    public async Task SubmittedAsync(UnitOfWork work, CaseSnapshot snapshot, ClockSnapshot clock, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        if (snapshot.Priority != "P1")
        {
            return;
        }
        var at = snapshot.ChangedAt ?? occurredAt;
        if (Hotline.Expected(snapshot.Plan, snapshot.Priority))
        {
            await hotline.ExpectAsync(work, snapshot, at);
        }
        var preview = clock.Policy.Plan == snapshot.Plan && clock.Policy.Priority == snapshot.Priority
            ? ClockPreview.Of(clock.Policy, clock.Schedule, at)
            : await ClockPreview.ComputeAsync(work.Connection, work.Transaction, snapshot.OrganizationId, snapshot.Plan, snapshot.Priority, at);
        if (preview.Deferred)
        {
            var zone = preview.Schedule.Zone;
            await outbox.EnqueueAsync(work, new SlaClockDeferred(snapshot.CaseId, snapshot.OrganizationId, snapshot.SubmitterId, snapshot.Title,
                snapshot.Priority, snapshot.Plan, at, preview.StartsAt.ToDateTimeOffset(),
                LocalTimes.Format(preview.StartsAt, zone), zone.Id, at));
        }
        await PageAsync(work, snapshot, "Premium Plus P1 submitted", now);
    }

    public Task ResubmittedAsync(UnitOfWork work, CaseSnapshot snapshot, DateTimeOffset now) =>
        PageAsync(work, snapshot, "Premium Plus P1 resubmitted", now);

    public async Task PriorityChangedAsync(UnitOfWork work, CaseSnapshot snapshot, string previousPriority, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        if (Hotline.Expected(snapshot.Plan, snapshot.Priority))
        {
            await hotline.ExpectAsync(work, snapshot, snapshot.ChangedAt ?? occurredAt);
        }
        await PageAsync(work, snapshot, $"Premium Plus case raised to P1 from {previousPriority}", now);
    }

    private async Task PageAsync(UnitOfWork work, CaseSnapshot snapshot, string why, DateTimeOffset now)
    {
        if (P1Paging.Applies(snapshot.Plan, snapshot.Priority, snapshot.Status))
        {
            await paging.StartP1Async(work, snapshot, $"{why}: {snapshot.Title}", now);
        }
    }
}
