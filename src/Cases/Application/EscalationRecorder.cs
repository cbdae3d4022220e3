using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Cases.Data;
using SupportPlatform.Cases.Domain;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Cases.Application;

/// <summary>
/// Shows on each case how far the escalation service escalated it, with a history entry per
/// escalation. Levels only rise, so escalations applied in any order give the same level.
/// </summary>
public sealed class EscalationRecorder(CaseChangeSignal changes)
{
    public async Task ApplyAsync(UnitOfWork work, CaseEscalated escalation)
    {
        var record = await work.Connection.QuerySingleOrDefaultAsync<CaseRecord>(CaseSql.SelectByIdSql, new { Id = escalation.CaseId }, work.Transaction);
        if (record is null)
        {
            // The escalation service knows a case only from this service's events: it exists here.
            throw new InvalidOperationException($"Case {escalation.CaseId} of {nameof(CaseEscalated)} {escalation.EscalationId} is unknown.");
        }
        var functional = escalation.Kind == "FUNCTIONAL";
        record.EscalationFunctionalLevel = functional ? escalation.ToLevel : record.EscalationFunctionalLevel;
        record.EscalatedToManager |= !functional;
        record.EscalationCount++;
        record.LastEscalatedAt = record.LastEscalatedAt is { } last && last > escalation.OccurredAt ? last : escalation.OccurredAt;
        record.UpdatedAt = record.UpdatedAt > escalation.OccurredAt ? record.UpdatedAt : escalation.OccurredAt;
        await work.Connection.ExecuteAsync(CaseSql.UpdateEscalationSql, record, work.Transaction);
        await work.Connection.ExecuteAsync(CaseSql.InsertHistorySql, new HistoryRow
        {
            CaseId = record.Id,
            OrganizationId = record.OrganizationId,
            OccurredAt = escalation.OccurredAt,
            ActorId = escalation.ActorId,
            ActorParty = escalation.Trigger switch
            {
                "VENDOR" => "VENDOR",
                "CUSTOMER" => "CUSTOMER",
                _ => "SYSTEM",
            },
            Action = HistoryActions.Escalated,
            Field = functional ? "escalation:functional" : "escalation:hierarchical",
            OldValue = escalation.FromLevel,
            NewValue = escalation.ToLevel,
            Internal = false,
            CaseVersion = record.Version,
        }, work.Transaction);
    }

    /// <summary>Wakes the case watchers after the transaction committed.</summary>
    public void Committed() => changes.Notify();
}
