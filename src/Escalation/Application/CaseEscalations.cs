using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// Escalates cases — by hand (vendor staff, or a customer asking) or on a breach — records each
/// escalation and raises <see cref="CaseEscalated"/> in the same transaction.
/// </summary>
public sealed class CaseEscalations(Database database, Outbox outbox, TimeProvider clock, IOptions<EscalationOptions> options)
{
    public const string VendorTrigger = "VENDOR";
    public const string CustomerTrigger = "CUSTOMER";
    public const string BreachTrigger = "BREACH";

    /// <summary>A person escalates an open case (see the EscalateCase RPC for the rules).</summary>
    public async Task<(EscalationRow Escalation, EscalationLevel Level)> EscalateAsync(
        Caller caller, Guid caseId, EscalationKind? kind, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var work = await database.BeginAsync(cancellationToken);
        await ClockStore.LockAsync(work.Connection, work.Transaction, caseId);
        var clockRow = await CaseClocks.VisibleAsync(work.Connection, work.Transaction, caller, caseId);
        // Moments come in case order: the last one is the case's state now.
        var status = (await ClockStore.MomentsAsync(work.Connection, work.Transaction, caseId)).LastOrDefault()?.Status ?? "SUBMITTED";
        if (status is "RESOLVED" or "CLOSED" or "WITHDRAWN")
        {
            throw new PreconditionException("CASE_STATE", $"cases/{caseId}", $"Cannot escalate a case in state {status}.");
        }
        var recorded = await EscalationStore.OfCaseAsync(work.Connection, work.Transaction, caseId);
        var level = LevelOf(recorded);
        var chosen = kind ?? EscalationKind.Hierarchical;
        string trigger;
        if (caller.IsVendor)
        {
            trigger = VendorTrigger;
            if (level.IsAtTop(chosen))
            {
                throw new PreconditionException("ESCALATION_LEVEL", $"cases/{caseId}",
                    chosen == EscalationKind.Functional ? "The case is already escalated to L3." : "The case is already escalated to the support manager.");
            }
        }
        else
        {
            trigger = CustomerTrigger;
            var lastByCustomer = recorded.LastOrDefault(row => row.TriggerKind == CustomerTrigger)?.EscalatedAt;
            if (EscalationRules.CustomerWait(lastByCustomer, now, options.Value.CustomerPeriod) is { } wait)
            {
                throw new RateLimitedException("ESCALATION_RATE_LIMITED",
                    $"This case was escalated by the customer at {lastByCustomer:u}; it can be escalated again after {lastByCustomer + options.Value.CustomerPeriod:u}.", wait);
            }
        }
        var row = await RecordAsync(work, clockRow, level, chosen, trigger, caller.SubjectId, reason, null, now);
        await outbox.CommitAsync(work, cancellationToken);
        return (row, level.After(chosen));
    }

    /// <summary>Escalates what a breach of <paramref name="target"/> calls for, in the caller's transaction.</summary>
    public async Task OnBreachAsync(UnitOfWork work, SlaClockRow clockRow, SlaTargetKind target, DateTimeOffset now)
    {
        var level = LevelOf(await EscalationStore.OfCaseAsync(work.Connection, work.Transaction, clockRow.CaseId));
        foreach (var kind in EscalationRules.ForBreach(target, level))
        {
            await RecordAsync(work, clockRow, level, kind, BreachTrigger, null, $"The {Targets.Name(target).ToLowerInvariant()} target was breached.", Targets.Name(target), now);
            level = level.After(kind);
        }
    }

    public static async Task<(IReadOnlyList<EscalationRow> Escalations, EscalationLevel Level)> ListAsync(
        System.Data.Common.DbConnection connection, Guid caseId)
    {
        var rows = await EscalationStore.OfCaseAsync(connection, null, caseId);
        return (rows, LevelOf(rows));
    }

    private static EscalationLevel LevelOf(IEnumerable<EscalationRow> recorded) =>
        EscalationRules.Current(recorded.Select(row => Enum.Parse<EscalationKind>(row.Kind, ignoreCase: true)));

    private async Task<EscalationRow> RecordAsync(
        UnitOfWork work, SlaClockRow clockRow, EscalationLevel level, EscalationKind kind, string trigger, Guid? actorId,
        string reason, string? breachedTarget, DateTimeOffset now)
    {
        var (from, to) = level.Step(kind);
        var row = new EscalationRow
        {
            EscalationId = Guid.CreateVersion7(now),
            CaseId = clockRow.CaseId,
            OrganizationId = clockRow.OrganizationId,
            Kind = kind.ToString().ToUpperInvariant(),
            FromLevel = from,
            ToLevel = to,
            TriggerKind = trigger,
            ActorId = actorId,
            Reason = reason,
            BreachedTarget = breachedTarget,
            EscalatedAt = now,
        };
        await EscalationStore.InsertAsync(work.Connection, work.Transaction, row);
        await outbox.EnqueueAsync(work, new CaseEscalated(row.CaseId, row.OrganizationId, row.EscalationId, row.Kind, from, to,
            trigger, actorId, reason, breachedTarget, now));
        return row;
    }
}
