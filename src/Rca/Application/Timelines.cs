using SupportPlatform.BuildingBlocks.Data;
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

    public static EscalationFact ToFact(CaseEscalationRow row) =>
        new(row.EscalationId, row.CaseId, row.Kind, row.FromLevel, row.ToLevel, row.TriggerKind, row.BreachedTarget, row.OccurredAt);
}
