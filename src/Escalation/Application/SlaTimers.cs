using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// The durable SLA timers: every <see cref="SlaTimerOptions.Interval"/>, the replica holding the
/// <c>sla-timers</c> lease evaluates each clock whose <c>next_check_at</c> has come (an indexed
/// column: the timers live in the database, not in memory) and raises what is due through
/// <see cref="ClockKeeper"/>, <see cref="ClocksPerTransaction"/> clocks per transaction (each
/// clock's alerts, outbox events and new timer commit together); a batch that fails is evaluated
/// again one clock per transaction, so one clock that cannot be evaluated holds up no other.
/// Policy versions are read, and schedules built, once per pass (<see cref="TimerPassCache"/>). A replica
/// that stops renewing the lease is replaced after <see cref="SlaTimerOptions.Lease"/>; should two
/// ever evaluate the same clock, <c>sla_alerts</c>' key still lets only one raise each alert.
/// </summary>
public sealed class SlaTimers(
    Database database,
    ClockKeeper keeper,
    Outbox outbox,
    TimeProvider clock,
    IOptions<SlaTimerOptions> options,
    ILogger<SlaTimers> logger) : PeriodicWork(clock, logger)
{
    /// <summary>The lease row (seeded by migration 0002).</summary>
    public const string LeaseName = "sla-timers";


    /// <summary>
    /// Clocks evaluated in one transaction: one commit (and, on SQLite, one turn of the single
    /// writer) per batch instead of per clock, while a batch still holds the writer only briefly.
    /// </summary>
    public const int ClocksPerTransaction = 200;

    private readonly MaintenanceLease lease = new(database, LeaseName, logger);

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>One pass: claims or renews the lease, then evaluates every due Clock.</summary>
    public async Task<TimerPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = Clock.GetUtcNow();
        if (!await lease.TryClaimAsync(now, now + settings.Lease, cancellationToken))
        {
            return new TimerPass(false, 0);
        }
        var evaluated = 0;
        var attempted = new HashSet<Guid>();
        var cache = new TimerPassCache();
        // Evaluation stops halfway through the lease (what is left is due at the next pass): the
        // next pass renews it while it still runs, so a long pass never lets it lapse to another
        // replica in between.
        var renewBy = now + settings.Lease / 2;
        while (Clock.GetUtcNow() < renewBy)
        {
            IReadOnlyList<Guid> due;
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                due = await ClockStore.DueAsync(connection, database.Dialect, now, settings.BatchSize + attempted.Count);
            }
            var fresh = due.Where(attempted.Add).ToList();
            foreach (var batch in fresh.Chunk(ClocksPerTransaction))
            {
                evaluated += await EvaluateAsync(batch, now, cache, cancellationToken);
            }
            if (fresh.Count == 0 || due.Count < settings.BatchSize + attempted.Count - fresh.Count)
            {
                break;
            }
        }
        return new TimerPass(true, evaluated);
    }

    /// <summary>Evaluates a batch of due clocks in one transaction; if that fails, each in its own. Returns how many were evaluated.</summary>
    private async Task<int> EvaluateAsync(Guid[] batch, DateTimeOffset now, TimerPassCache cache, CancellationToken cancellationToken)
    {
        if (batch.Length > 1)
        {
            try
            {
                await using var work = await database.BeginAsync(cancellationToken);
                await keeper.RefreshManyAsync(work, batch, now, cache);
                await outbox.CommitAsync(work, cancellationToken);
                return batch.Length;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Nothing of the batch was committed: take the clocks one by one to find the one that fails.
                Logger.LogWarning(exception, "A batch of {Count} SLA clocks could not be evaluated together; evaluating them one by one", batch.Length);
            }
        }
        var evaluated = 0;
        foreach (var caseId in batch)
        {
            try
            {
                await using var work = await database.BeginAsync(cancellationToken);
                await keeper.RefreshAsync(work, caseId, now, reason: null);
                await outbox.CommitAsync(work, cancellationToken);
                evaluated++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One clock that cannot be evaluated must not hold up the others; it stays due.
                Logger.LogError(exception, "SLA clock of case {CaseId} could not be evaluated", caseId);
            }
        }
        return evaluated;
    }
}
