using System.Text.Json;
using Microsoft.Extensions.Options;
using NodaTime;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// Starts pages, walks them through their policy's steps and stops them. Every step paged is a
/// <c>page_steps</c> row and a <see cref="PageTriggered"/> in the outbox, written in one
/// transaction with the page's new position and timer (<c>pages.next_due_at</c>); the step's key
/// (page, attempt, step) lets it be recorded — and raised — only once.
/// </summary>
public sealed class Paging(Outbox outbox, IOptions<OnCallOptions> options)
{
    /// <summary>
    /// Checked at start: the policy Premium Plus P1s are paged under exists. Otherwise every P1's
    /// case event would fail in the transaction that also records it on the case's clock.
    /// </summary>
    public async Task RequireP1PolicyAsync(Database database, CancellationToken cancellationToken)
    {
        var policyId = P1PolicyId;
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await EscalationPolicyStore.FindAsync(connection, null, policyId) is null)
        {
            throw new InvalidOperationException(MissingP1Policy(policyId));
        }
    }

    private Guid P1PolicyId => options.Value.P1PolicyId ?? OnCallSeed.P1PolicyId;

    private static string MissingP1Policy(Guid policyId) =>
        $"The escalation policy {policyId} for Premium Plus P1 pages (OnCall:P1PolicyId) does not exist.";

    /// <summary>
    /// Starts the case's Premium Plus P1 page under the configured policy unless the case has one
    /// already. True when it started.
    /// </summary>
    public async Task<bool> StartP1Async(UnitOfWork work, CaseSnapshot snapshot, string reason, DateTimeOffset now)
    {
        var policyId = P1PolicyId;
        var policy = await EscalationPolicyStore.FindAsync(work.Connection, work.Transaction, policyId)
            ?? throw new InvalidOperationException(MissingP1Policy(policyId));
        var page = new PageRow
        {
            PageId = Guid.CreateVersion7(now),
            CaseId = snapshot.CaseId,
            OrganizationId = snapshot.OrganizationId,
            TriggerKind = P1Paging.Trigger,
            Reason = reason.Length <= 400 ? reason : reason[..400],
            Urgency = P1Paging.Urgency,
            PolicyId = policy.PolicyId,
            PolicyVersion = policy.Version,
            StepsJson = policy.StepsJson,
            Repeats = policy.Repeats,
            State = PageStates.Open,
            Step = EscalationPath.First.Step,
            Attempt = EscalationPath.First.Attempt,
            StartedAt = now,
        };
        if (!await PageStore.InsertIfNoneAsync(work.Connection, work.Transaction, page))
        {
            return false;
        }
        await PageFromAsync(work, page, EscalationPath.First, now);
        return true;
    }

    /// <summary>
    /// The timer: when the page is open and its current step has timed out at <paramref name="now"/>,
    /// pages the next step (or exhausts the page). False when there was nothing to do (another
    /// replica did it, or it was acknowledged meanwhile).
    /// </summary>
    public async Task<bool> EscalateAsync(UnitOfWork work, Guid pageId, DateTimeOffset now)
    {
        if (!await PageStore.LockAsync(work.Connection, work.Transaction, pageId))
        {
            return false;
        }
        var page = await PageStore.FindAsync(work.Connection, work.Transaction, pageId);
        if (page is null || page.State != PageStates.Open || page.NextDueAt is not { } due || due > now)
        {
            return false;
        }
        var steps = ProtoJson.Parse<EscalationStep>(page.StepsJson);
        await PageFromAsync(work, page, EscalationPath.Next(new PagePosition(page.Step, page.Attempt), steps.Count, page.Repeats), now);
        return true;
    }

    /// <summary>
    /// Acknowledges an open page as <paramref name="caller"/>: one of the people it paged, a vendor
    /// engineer or a support manager. Returns the page as acknowledged.
    /// </summary>
    public async Task<PageRow> AcknowledgeAsync(UnitOfWork work, Guid pageId, Caller caller, DateTimeOffset now)
    {
        if (!await PageStore.LockAsync(work.Connection, work.Transaction, pageId)
            || await PageStore.FindAsync(work.Connection, work.Transaction, pageId) is not { } page)
        {
            throw new NotFoundException("page", pageId.ToString());
        }
        var kinds = Principals.Of(caller);
        if (!kinds.Contains(Principal.VendorEngineer) && !kinds.Contains(Principal.SupportManager))
        {
            var paged = (await PageStore.StepsAsync(work.Connection, work.Transaction, [pageId])).SelectMany(step => PersonIds(step.PersonIds));
            if (!paged.Contains(caller.SubjectId))
            {
                throw new PermissionException("NOT_PAGED", "Only a person the page paged, a vendor engineer or a support manager acknowledges a page.");
            }
        }
        if (page.State != PageStates.Open)
        {
            throw new PreconditionException("PAGE_STATE", $"page/{pageId}", $"The page is {page.State}; only an OPEN page can be acknowledged.");
        }
        page.State = PageStates.Acknowledged;
        page.AcknowledgedAt = now;
        page.AcknowledgedBy = caller.SubjectId;
        page.NextDueAt = null;
        await PageStore.SaveAsync(work.Connection, work.Transaction, page);
        await outbox.EnqueueAsync(work, new PageAcknowledged(page.PageId, page.CaseId, page.OrganizationId, caller.SubjectId, page.Step, page.Attempt, now));
        return page;
    }

    public static IReadOnlyList<Guid> PersonIds(string json) => JsonSerializer.Deserialize<List<Guid>>(json) ?? [];

    /// <summary>
    /// Pages <paramref name="position"/>; a step that reaches nobody is recorded and passed at once.
    /// Null, the end of the policy, or a whole pass of steps that reached nobody exhausts the page.
    /// </summary>
    private async Task PageFromAsync(UnitOfWork work, PageRow page, PagePosition? position, DateTimeOffset now)
    {
        var steps = ProtoJson.Parse<EscalationStep>(page.StepsJson);
        var reachedNobody = 0;
        while (position is { } at)
        {
            var step = steps[at.Step - 1];
            var people = await PeopleAsync(work, step, now);
            DateTimeOffset? escalatesAt = people.Count > 0 ? now + step.AckTimeout.ToTimeSpan() : null;
            var recorded = await PageStore.AddStepAsync(work.Connection, work.Transaction, new PageStepRow
            {
                PageId = page.PageId,
                Attempt = at.Attempt,
                Step = at.Step,
                PersonIds = JsonSerializer.Serialize(people),
                PagedAt = now,
                EscalatesAt = escalatesAt,
            });
            if (recorded)
            {
                await outbox.EnqueueAsync(work, new PageTriggered(page.PageId, page.CaseId, page.OrganizationId, page.PolicyId, at.Step, at.Attempt,
                    people, page.Reason, page.Urgency, escalatesAt, now));
            }
            page.Step = at.Step;
            page.Attempt = at.Attempt;
            if (escalatesAt is not null)
            {
                page.NextDueAt = escalatesAt;
                await PageStore.SaveAsync(work.Connection, work.Transaction, page);
                return;
            }
            if (++reachedNobody == steps.Count)
            {
                // A whole pass reached nobody; another pass at the same instant would reach nobody either.
                break;
            }
            position = EscalationPath.Next(at, steps.Count, page.Repeats);
        }
        page.State = PageStates.Exhausted;
        page.ExhaustedAt = now;
        page.NextDueAt = null;
        await PageStore.SaveAsync(work.Connection, work.Transaction, page);
        var total = (await PageStore.StepsAsync(work.Connection, work.Transaction, [page.PageId])).Count;
        await outbox.EnqueueAsync(work, new PageExhausted(page.PageId, page.CaseId, page.OrganizationId, page.PolicyId, total, now));
    }

    /// <summary>Whom a step pages at <paramref name="now"/>: the on-call of each of its schedules, then the people it names, each once.</summary>
    private static async Task<List<Guid>> PeopleAsync(UnitOfWork work, EscalationStep step, DateTimeOffset now)
    {
        var people = new List<Guid>();
        foreach (var scheduleId in step.ScheduleIds.Select(Guid.Parse))
        {
            if (await OnCallStore.FindAsync(work.Connection, work.Transaction, scheduleId) is { } schedule
                && await OnCallSchedules.OnCallAtAsync(work.Connection, work.Transaction, schedule, Instant.FromDateTimeOffset(now)) is { } person)
            {
                people.Add(person);
            }
        }
        people.AddRange(step.PersonIds.Select(Guid.Parse));
        return [.. people.Distinct()];
    }
}
