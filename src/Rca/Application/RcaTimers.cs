using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Rca.Data;
using SupportPlatform.Rca.Domain;

namespace SupportPlatform.Rca.Application;

/// <summary>
/// Raises what came due: every <see cref="RcaOptions.TimerInterval"/>, the replica holding the
/// <c>rca-timers</c> lease raises <see cref="RcaOverdue"/> once for each unpublished RCA past its
/// due time and <see cref="RcaActionOverdue"/> once for each open action past its own (durable
/// timers: the due times are indexed columns, and the mark that raises one is written in the same
/// transaction as its event). A due time moved later re-arms its timer. It also drops the
/// escalations of cases no RCA covers once they are older than the retention period.
/// </summary>
public sealed class RcaTimers(Database database, Outbox outbox, TimeProvider clock, IOptions<RcaOptions> options, ILogger<RcaTimers> logger)
    : PeriodicWork(clock, logger)
{
    /// <summary>The lease row (seeded by migration 0002).</summary>
    public const string LeaseName = "rca-timers";

    private const int BatchSize = 200;

    private readonly MaintenanceLease lease = new(database, LeaseName, logger);

    protected override TimeSpan Interval => options.Value.TimerInterval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>One pass: claims or renews the lease, then raises what came due. Returns how many events it raised.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (!await lease.TryClaimAsync(now, now + options.Value.TimerLease, cancellationToken))
        {
            return 0;
        }
        IReadOnlyList<Guid> dueRcas, dueActions;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            dueRcas = await OverdueStore.DueRcasAsync(connection, database.Dialect, now, BatchSize);
            dueActions = await OverdueStore.DueActionsAsync(connection, database.Dialect, now, BatchSize);
        }
        var raised = 0;
        foreach (var rcaId in dueRcas)
        {
            raised += await RaiseRcaAsync(rcaId, now, cancellationToken) ? 1 : 0;
        }
        foreach (var actionId in dueActions)
        {
            raised += await RaiseActionAsync(actionId, now, cancellationToken) ? 1 : 0;
        }
        await using (var work = await database.BeginAsync(cancellationToken))
        {
            await CaseEscalationStore.DeleteUnneededAsync(work, now - options.Value.EscalationRetention);
            await work.CommitAsync(cancellationToken);
        }
        return raised;
    }

    private async Task<bool> RaiseRcaAsync(Guid rcaId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        // Only the transaction that marks it raises it: a publication meanwhile, or another replica, wins.
        if (!await OverdueStore.MarkRcaAsync(work, rcaId, now))
        {
            return false;
        }
        var rca = (await RcaStore.FindAsync(work.Connection, work.Transaction, rcaId))!;
        await RcaStore.InsertHistoryAsync(work, RcaHistoryRow.Of(rca.Id, rca.Version, now, null, RcaHistoryActions.Overdue,
            "due_at", null, rca.DueAt.ToString("O")));
        await outbox.EnqueueAsync(work, new RcaOverdue(rca.Id, rca.OrganizationId, rca.Title, rca.OwnerParty, rca.State, rca.DueAt,
            await ContactsAsync(work, rca.Id), now));
        await outbox.CommitAsync(work, cancellationToken);
        return true;
    }

    private async Task<bool> RaiseActionAsync(Guid actionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        if (!await OverdueStore.MarkActionAsync(work, actionId, now))
        {
            return false;
        }
        var action = (await RcaStore.FindActionAsync(work.Connection, work.Transaction, actionId))!;
        var rca = (await RcaStore.FindAsync(work.Connection, work.Transaction, action.RcaId))!;
        await RcaStore.InsertHistoryAsync(work, RcaHistoryRow.Of(rca.Id, rca.Version, now, null, RcaHistoryActions.ActionOverdue,
            $"action:{action.Id}", null, action.DueAt.ToString("O")));
        await outbox.EnqueueAsync(work, new RcaActionOverdue(rca.Id, action.Id, rca.OrganizationId, rca.Title, action.Description,
            action.OwnerParty, action.OwnerPersonId, action.DueAt, await ContactsAsync(work, rca.Id), now));
        await outbox.CommitAsync(work, cancellationToken);
        return true;
    }

    /// <summary>The customer's people an RCA's events are addressed to: the submitters of its cases.</summary>
    public static async Task<IReadOnlyList<Guid>> ContactsAsync(UnitOfWork work, Guid rcaId) =>
        [.. (await RcaStore.CasesAsync(work.Connection, work.Transaction, [rcaId])).Select(row => row.SubmitterId).Where(id => id != Guid.Empty).Distinct()];
}
