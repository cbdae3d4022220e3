using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Application;

/// <summary>Writes the entries an RCA takes from a case's history (<see cref="CaseTimeline"/>).</summary>
public static class Timelines
{
    /// <summary>Seeds the case's entries, with the escalations stored for it; entries the RCA already has are skipped.</summary>
    public static async Task SeedAsync(UnitOfWork work, Guid rcaId, CaseFacts facts, DateTimeOffset now)
    {
        var escalations = (await CaseEscalationStore.OfCaseAsync(work.Connection, work.Transaction, facts.CaseId)).Select(ToFact);
        foreach (var entry in CaseTimeline.Of(facts, escalations))
        {
            await AddAsync(work, rcaId, entry, now);
        }
    }

    /// <summary>Adds one entry from a case's history, once per RCA. True when it was new.</summary>
    public static Task<bool> AddAsync(UnitOfWork work, Guid rcaId, CaseTimeline.Entry entry, DateTimeOffset now) =>
        RcaStore.InsertTimelineAsync(work, new TimelineRow
        {
            Id = Guid.NewGuid(), RcaId = rcaId, OccurredAt = entry.OccurredAt, Description = entry.Description, Source = "CASE_HISTORY",
            CaseId = entry.CaseId, SourceKey = entry.Key, CreatedAt = now,
        });

    /// <summary>
    /// Adds an entry from a case's history to the RCA that covers the case already (an event that
    /// arrived after the RCA): a change of the RCA by the platform — its version moves, an approval
    /// no longer holds, and it is in the history.
    /// </summary>
    public static async Task AddToCoveringAsync(UnitOfWork work, RcaRecord covering, CaseTimeline.Entry entry, DateTimeOffset now)
    {
        if (covering.State is "PUBLISHED" or "MERGED" || !await AddAsync(work, covering.Id, entry, now))
        {
            return;
        }
        if (!await RcaStore.TouchAsync(work, covering.Id, covering.Version, now))
        {
            // Changed since it was read: the consumer's transaction rolls back and the event is retried.
            throw new ConflictException($"RCA {covering.Id} changed while a case event was applied to it; retrying.", covering.Version);
        }
        await RcaStore.InsertHistoryAsync(work, RcaHistoryRow.Of(covering.Id, covering.Version + 1, now, null,
            RcaHistoryActions.TimelineEntryAdded, "timeline", null, $"{entry.OccurredAt:u} {entry.Description}"));
    }

    public static EscalationFact ToFact(CaseEscalationRow row) =>
        new(row.EscalationId, row.CaseId, row.Kind, row.FromLevel, row.ToLevel, row.TriggerKind, row.BreachedTarget, row.OccurredAt);
}
