using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Escalation.Data;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// Flags the Premium Plus P1s whose customer did not call the 24x7 hotline in time: every
/// <see cref="HotlineOptions.Interval"/>, the replica holding the <c>hotline-watch</c> lease raises
/// <see cref="HotlineCallMissing"/> once for each expectation that came due without a recorded
/// call (a durable timer: <c>hotline_expectations.expected_by</c>, indexed), addressed to the
/// engineers the case's P1 page reached — the one who acknowledged it, else everyone it paged.
/// </summary>
public sealed class HotlineWatch(
    Database database,
    Outbox outbox,
    TimeProvider clock,
    IOptions<HotlineOptions> options,
    ILogger<HotlineWatch> logger) : PeriodicWork(clock, logger)
{
    /// <summary>The lease row (seeded by migration 0005).</summary>
    public const string LeaseName = "hotline-watch";

    private const int BatchSize = 500;

    private readonly MaintenanceLease lease = new(database, LeaseName, logger);

    protected override TimeSpan Interval => options.Value.Interval;

    protected override Task RunPassAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    /// <summary>One pass: claims or renews the lease, then flags every overdue expectation. Returns how many it flagged.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (!await lease.TryClaimAsync(now, now + options.Value.Lease, cancellationToken))
        {
            return 0;
        }
        IReadOnlyList<HotlineExpectationRow> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = await HotlineStore.DueAsync(connection, database.Dialect, now, BatchSize);
        }
        var flagged = 0;
        foreach (var expectation in due)
        {
            await using var work = await database.BeginAsync(cancellationToken);
            // Only the transaction that marks it flagged raises it: a call recorded meanwhile, or another replica, wins.
            if (await HotlineStore.FlagAsync(work.Connection, work.Transaction, expectation.CaseId, now))
            {
                var onCall = await PagedEngineersAsync(work, expectation.CaseId);
                await outbox.EnqueueAsync(work, new HotlineCallMissing(expectation.CaseId, expectation.OrganizationId, expectation.SubmitterId,
                    expectation.Title, expectation.SubmittedAt, expectation.ExpectedBy, onCall, now));
                flagged++;
            }
            await outbox.CommitAsync(work, cancellationToken);
        }
        return flagged;
    }

    /// <summary>Who the case's pages reached: whoever acknowledged one, else every person paged, in order.</summary>
    private async Task<IReadOnlyList<Guid>> PagedEngineersAsync(UnitOfWork work, Guid caseId)
    {
        var pages = await PageStore.ListAsync(work.Connection, work.Transaction, database.Dialect, caseId, openOnly: false, null, null, 10);
        var acknowledgers = pages.Select(page => page.AcknowledgedBy).OfType<Guid>().Distinct().ToList();
        if (acknowledgers.Count > 0)
        {
            return acknowledgers;
        }
        var steps = await PageStore.StepsAsync(work.Connection, work.Transaction, [.. pages.Select(page => page.PageId)]);
        return [.. steps.OrderBy(step => step.PagedAt).SelectMany(step => Paging.PersonIds(step.PersonIds)).Distinct()];
    }
}
