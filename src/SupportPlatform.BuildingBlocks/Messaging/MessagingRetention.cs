using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Deletes sent outbox rows and inbox rows older than their windows
/// (<see cref="MessagingRetentionOptions"/>), in batches, from one replica at a time: each run
/// first claims the <c>messaging-retention</c> lease row for one interval, so replicas that wake
/// at the same time find it taken. Parked and unsent outbox rows are never deleted.
/// </summary>
public sealed class MessagingRetention(
    Database database,
    TimeProvider clock,
    IOptions<MessagingRetentionOptions> options,
    ILogger<MessagingRetention> logger) : BackgroundService
{
    /// <summary>The lease row (seeded by migration 0003).</summary>
    public const string LeaseName = "messaging-retention";

    private const string ClaimLeaseSql = """
        UPDATE maintenance_leases SET lease_owner = @Owner, lease_until = @LeaseUntil
        WHERE name = @Name AND (lease_until IS NULL OR lease_until <= @Now)
        """;

    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Nothing is lost by skipping a run: the next one deletes what this one left.
                logger.LogWarning(exception, "Outbox/inbox retention run failed; trying again in {Interval}", settings.Interval);
            }
            await Task.Delay(settings.Interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One run: claims the lease, then deletes in batches until nothing old is left.</summary>
    public async Task<RetentionRun> RunOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var leaseUntil = now + settings.Interval;
        await using (var work = await database.BeginAsync(cancellationToken))
        {
            var claimed = await work.Connection.ExecuteAsync(ClaimLeaseSql,
                new { Owner = owner, LeaseUntil = leaseUntil, Now = now, Name = LeaseName }, work.Transaction);
            await work.CommitAsync(cancellationToken);
            if (claimed == 0)
            {
                return new RetentionRun(false, 0, 0, 0);
            }
        }

        var batches = 0;
        var outbox = await DeleteAsync(database.Dialect.DeleteSentOutboxBatch, now - settings.OutboxSent, leaseUntil, () => batches++, cancellationToken);
        var inbox = await DeleteAsync(database.Dialect.DeleteInboxBatch, now - settings.Inbox, leaseUntil, () => batches++, cancellationToken);
        if (outbox + inbox > 0)
        {
            logger.LogInformation("Retention deleted {Outbox} sent outbox rows and {Inbox} inbox rows", outbox, inbox);
        }
        return new RetentionRun(true, outbox, inbox, batches);
    }

    private async Task<int> DeleteAsync(string sql, DateTimeOffset cutoff, DateTimeOffset leaseUntil, Action counted, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var total = 0;
        // Stops when the lease runs out, so that a long backlog is never cleaned by two replicas at once.
        while (clock.GetUtcNow() < leaseUntil)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int deleted;
            // One batch per transaction: other writers get their turn between batches.
            await using (var work = await database.BeginAsync(cancellationToken))
            {
                deleted = await work.Connection.ExecuteAsync(sql, new { Cutoff = cutoff, settings.BatchSize }, work.Transaction);
                await work.CommitAsync(cancellationToken);
            }
            counted();
            total += deleted;
            if (deleted < settings.BatchSize)
            {
                break;
            }
        }
        return total;
    }
}
