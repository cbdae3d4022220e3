using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Application;

/// <summary>
/// Creates the RCA a resolved P1 incident requires — at its resolution, or when it is unlinked
/// from the RCA that covered it — in the caller's unit of work: due after the plan's business days
/// in the customer's calendar, its timeline seeded from the case's history, <see cref="RcaRequired"/>
/// raised.
/// </summary>
public sealed class RcaCreation(Outbox outbox, IOptions<RcaOptions> options)
{
    public async Task<RcaRecord> CreateAsync(UnitOfWork work, CaseFacts facts, string? cause, RcaParties parties, DateTimeOffset now)
    {
        var rca = new RcaRecord
        {
            Id = Guid.NewGuid(),
            OrganizationId = facts.OrganizationId,
            CaseId = facts.CaseId,
            State = "REQUIRED",
            OwnerParty = parties.Owner,
            ReviewerParty = parties.Reviewer,
            Cause = cause,
            CreatedAt = now,
            DueAt = await DueAtAsync(work, facts.OrganizationId, now, facts.Plan),
            Version = 1,
            Title = facts.Title,
            SupportPlan = facts.Plan,
            UpdatedAt = now,
        };
        await RcaStore.InsertAsync(work, rca);
        await RcaStore.InsertCaseAsync(work, new RcaCaseRow
        {
            CaseId = facts.CaseId, RcaId = rca.Id, OrganizationId = facts.OrganizationId, Title = facts.Title, SubmitterId = facts.SubmitterId,
            RequiresRca = facts.RequiresRca, LinkedAt = now,
        });
        await Timelines.SeedAsync(work, rca.Id, facts, now);
        await RcaStore.InsertHistoryAsync(work, RcaHistoryRow.Of(rca.Id, 1, now, null, RcaHistoryActions.Created, "owner", null, rca.OwnerParty));
        await outbox.EnqueueAsync(work, new RcaRequired(rca.Id, facts.CaseId, facts.OrganizationId, facts.SubmitterId, facts.Title,
            rca.OwnerParty, rca.DueAt, now));
        return rca;
    }

    /// <summary>When an RCA of the organisation created at <paramref name="createdAt"/> on <paramref name="plan"/> is due.</summary>
    public async Task<DateTimeOffset> DueAtAsync(UnitOfWork work, Guid organizationId, DateTimeOffset createdAt, string plan)
    {
        var schedule = CalendarStore.BusinessHours(await CalendarStore.FindAsync(work.Connection, work.Transaction, organizationId));
        return RcaPolicy.DueAt(schedule, createdAt, plan, options.Value.DueBusinessDays);
    }
}
