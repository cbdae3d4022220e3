using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// The durable page timers, as <see cref="SlaTimers"/> keeps the SLA ones: every
/// <see cref="PageTimerOptions.Interval"/>, the replica holding the <c>page-timers</c> lease
/// escalates each open page whose <c>next_due_at</c> has come (an indexed column: the timers
/// live in the database, not in memory) through <see cref="Paging"/>, one transaction per page.
/// A replica that stops renewing the lease is replaced after <see cref="PageTimerOptions.Lease"/>;
/// should two ever take the same page, the page row's lock and <c>page_steps</c>' key still let
/// only one page each step.
/// </summary>
public sealed class PageTimers(
    Database database,
    Paging paging,
    Outbox outbox,
    TimeProvider clock,
    IOptions<PageTimerOptions> options,
    ILogger<PageTimers> logger) : PeriodicWork(clock, logger)
{
    /// <summary>The lease row (seeded by migration 0003).</summary>
    public const string LeaseName = "page-timers";


    private readonly MaintenanceLease lease = new(database, LeaseName, logger);

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>One pass: claims or renews the lease, then escalates every due page.</summary>
    public async Task<TimerPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = Clock.GetUtcNow();
        if (!await lease.TryClaimAsync(now, now + settings.Lease, cancellationToken))
        {
            return new TimerPass(false, 0);
        }
        var escalated = 0;
        var attempted = new HashSet<Guid>();
        // Evaluation stops halfway through the lease (what is left is due at the next pass): the
        // next pass renews it while it still runs, so a long pass never lets it lapse to another
        // replica in between.
        var renewBy = now + settings.Lease / 2;
        while (Clock.GetUtcNow() < renewBy)
        {
            IReadOnlyList<Guid> due;
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                due = await PageStore.DueAsync(connection, database.Dialect, now, settings.BatchSize + attempted.Count);
            }
            var fresh = due.Where(attempted.Add).ToList();
            foreach (var pageId in fresh)
            {
                try
                {
                    await using var work = await database.BeginAsync(cancellationToken);
                    if (await paging.EscalateAsync(work, pageId, now))
                    {
                        escalated++;
                    }
                    await outbox.CommitAsync(work, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One page that cannot be escalated must not hold up the others; it stays due.
                    Logger.LogError(exception, "Page {PageId} could not be escalated", pageId);
                }
            }
            if (fresh.Count == 0 || due.Count < settings.BatchSize + attempted.Count - fresh.Count)
            {
                break;
            }
        }
        return new TimerPass(true, escalated);
    }
}
