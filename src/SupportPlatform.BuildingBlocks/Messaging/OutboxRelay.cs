using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>Tuning of the <see cref="OutboxRelay"/>.</summary>
public sealed class OutboxRelayOptions
{
    /// <summary>Rows leased and published per round.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a lease keeps other replicas off the leased rows.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the relay looks without being woken (rows of other replicas, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Publishes outbox rows to the broker with publisher confirms and marks them sent. Woken by each
/// commit and polling besides. Rows are leased first, so two replicas never publish the same row
/// at the same time; a row whose publish failed, or whose relay died, is published again after its
/// lease expires, with the same message id, and the consumers' inboxes ignore the repeat.
/// </summary>
public sealed class OutboxRelay(
    Database database,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxRelayOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>The activity source of relay spans; ServiceDefaults listens to it.</summary>
    public static readonly ActivitySource ActivitySource = new("SupportPlatform.Outbox");

    private const string SelectLeasedSql = """
        SELECT id AS Id, message_id AS MessageId, message_type AS MessageType, payload AS Payload,
               trace_parent AS TraceParent
        FROM outbox_messages
        WHERE lease_owner = @Owner AND lease_until = @LeaseUntil AND sent_at IS NULL
        ORDER BY id
        """;

    private const string MarkSentSql = "UPDATE outbox_messages SET sent_at = @SentAt WHERE id IN @Ids AND lease_owner = @Owner";

    private const string ReleaseFailedSql = """
        UPDATE outbox_messages SET attempts = attempts + 1, lease_until = @RetryAt
        WHERE id IN @Ids AND lease_owner = @Owner
        """;

    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await RelayBatchAsync(settings, stoppingToken);
                failures = published.Failed > 0 ? failures + 1 : 0;
                if (published.Failed > 0)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(2, Math.Min(failures, 5))));
                    await Task.Delay(delay, clock, stoppingToken);
                }
                else if (published.Sent < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                failures++;
                logger.LogWarning(exception, "Outbox relay round failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, failures)), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Leases, publishes and marks one batch. Public for tests of the relay alone.</summary>
    public async Task<(int Sent, int Failed)> RelayBatchAsync(OutboxRelayOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + settings.LeaseDuration;
        List<OutboxRow> rows;
        await using (var work = await database.BeginAsync(cancellationToken))
        {
            var leased = await work.Connection.ExecuteAsync(database.Dialect.ClaimOutboxBatch,
                new { Owner = owner, LeaseUntil = leaseUntil, Now = now, settings.BatchSize }, work.Transaction);
            if (leased == 0)
            {
                return (0, 0);
            }
            rows = (await work.Connection.QueryAsync<OutboxRow>(SelectLeasedSql,
                new { Owner = owner, LeaseUntil = leaseUntil }, work.Transaction)).ToList();
            await work.CommitAsync(cancellationToken);
        }

        var results = await Task.WhenAll(rows.Select(row => PublishAsync(row, settings, cancellationToken)));
        var sent = rows.Where((_, index) => results[index]).Select(row => row.Id).ToList();
        var failed = rows.Where((_, index) => !results[index]).Select(row => row.Id).ToList();

        await using var marked = await database.BeginAsync(CancellationToken.None);
        if (sent.Count > 0)
        {
            await marked.Connection.ExecuteAsync(MarkSentSql, new { SentAt = clock.GetUtcNow(), Ids = sent, Owner = owner }, marked.Transaction);
        }
        if (failed.Count > 0)
        {
            await marked.Connection.ExecuteAsync(ReleaseFailedSql, new { RetryAt = clock.GetUtcNow().AddSeconds(1), Ids = failed, Owner = owner }, marked.Transaction);
        }
        await marked.CommitAsync(CancellationToken.None);
        return (sent.Count, failed.Count);
    }

    private async Task<bool> PublishAsync(OutboxRow row, OutboxRelayOptions settings, CancellationToken cancellationToken)
    {
        var type = IntegrationEvents.Find(row.MessageType);
        if (type is null)
        {
            logger.LogError("Outbox row {Id} has unknown message type {Type}; left for a newer version", row.Id, row.MessageType);
            return false;
        }
        using var activity = ActivitySource.StartActivity("outbox publish " + row.MessageType, ActivityKind.Internal, row.TraceParent);
        try
        {
            var message = JsonSerializer.Deserialize(row.Payload, type, Outbox.Json)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.PublishTimeout);
            await bus.Publish(message, type, context => context.MessageId = row.MessageId, timeout.Token);
            return true;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Publishing outbox row {Id} ({Type}) failed: {Reason}", row.Id, row.MessageType, exception.Message);
            return false;
        }
    }

    private sealed class OutboxRow
    {
        public long Id { get; set; }
        public Guid MessageId { get; set; }
        public string MessageType { get; set; } = "";
        public string Payload { get; set; } = "";
        public string? TraceParent { get; set; }
    }
}
