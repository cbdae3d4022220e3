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

/// <summary>
/// Publishes outbox rows to the broker with publisher confirms and marks them sent. Woken by each
/// commit and polling besides. Rows are leased first, so two replicas never publish the same row
/// at the same time; a row whose publish failed, or whose relay died, is published again after its
/// lease expires, with the same message id, and the consumers' inboxes ignore the repeat.
/// A row that keeps failing by its own fault is parked after <see cref="OutboxRelayOptions.MaxAttempts"/>
/// and never holds up the others: only a broker that takes nothing makes the relay back off.
/// </summary>
public sealed class OutboxRelay(
    Database database,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxRelayOptions> options,
    OutboxMetrics metrics,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>The activity source of relay spans; ServiceDefaults listens to it.</summary>
    public static readonly ActivitySource ActivitySource = new("SupportPlatform.Outbox");

    /// <summary>A broker-wide failure is retried this soon; the relay's own back-off paces it.</summary>
    private static readonly TimeSpan BrokerRetryDelay = TimeSpan.FromSeconds(1);

    private const string SelectLeasedSql = """
        SELECT id AS Id, message_id AS MessageId, message_type AS MessageType, payload AS Payload,
               trace_parent AS TraceParent, attempts AS Attempts
        FROM outbox_messages
        WHERE lease_owner = @Owner AND lease_until = @LeaseUntil AND sent_at IS NULL AND parked_at IS NULL
        ORDER BY id
        """;

    private const string MarkSentSql = "UPDATE outbox_messages SET sent_at = @SentAt WHERE id IN @Ids AND lease_owner = @Owner";

    private const string ReleaseSql = """
        UPDATE outbox_messages SET lease_until = @RetryAt
        WHERE id IN @Ids AND lease_owner = @Owner
        """;

    private const string CountFailureSql = """
        UPDATE outbox_messages SET attempts = @Attempts, lease_until = @RetryAt, last_error = @Error
        WHERE id = @Id AND lease_owner = @Owner
        """;

    private const string ParkSql = """
        UPDATE outbox_messages SET attempts = @Attempts, parked_at = @ParkedAt, last_error = @Error
        WHERE id = @Id AND lease_owner = @Owner
        """;

    private const string CountParkedSql = "SELECT COUNT(*) FROM outbox_messages WHERE parked_at IS NOT NULL";

    /// <summary>
    /// Every statement the relay runs on <c>outbox_messages</c> (tests check each one's plan): each
    /// reads the rows waiting to be sent, or named rows, through an index — never the sent rows
    /// that retention keeps (a scan of them made each batch's cost grow with the table: a third
    /// of the escalation service's CPU in a benchmark's profile, before <c>parked_at IS NULL</c>
    /// let the leased rows' query use the pending rows' index).
    /// </summary>
    public static IReadOnlyList<string> Statements => [SelectLeasedSql, MarkSentSql, ReleaseSql, CountFailureSql, ParkSql, CountParkedSql];

    /// <summary>Longest error text kept in <c>last_error</c> (the column's width on SQL Server).</summary>
    private const int MaxErrorLength = 1000;

    private readonly string owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        var parkedCountedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() - parkedCountedAt >= settings.ParkedCountInterval)
                {
                    await CountParkedAsync(stoppingToken);
                    parkedCountedAt = clock.GetUtcNow();
                }
                var round = await RelayBatchAsync(settings, stoppingToken);
                failures = round.BrokerAway ? failures + 1 : 0;
                if (round.BrokerAway)
                {
                    var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 200 * Math.Pow(2, Math.Min(failures, 5))));
                    await Task.Delay(delay, clock, stoppingToken);
                }
                else if (round.Leased < settings.BatchSize)
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
    public async Task<OutboxRound> RelayBatchAsync(OutboxRelayOptions settings, CancellationToken cancellationToken)
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
                return default;
            }
            rows = (await work.Connection.QueryAsync<OutboxRow>(SelectLeasedSql,
                new { Owner = owner, LeaseUntil = leaseUntil }, work.Transaction)).ToList();
            await work.CommitAsync(cancellationToken);
        }

        var results = await Task.WhenAll(rows.Select(row => PublishAsync(row, settings, cancellationToken)));
        var sent = rows.Where((_, index) => results[index].Outcome == Outcome.Sent).Select(row => row.Id).ToList();
        var brokerFailed = rows.Where((_, index) => results[index].Outcome == Outcome.BrokerFailed).ToList();
        var undeliverable = rows.Where((_, index) => results[index].Outcome == Outcome.Undeliverable).ToList();
        // A broker that confirmed other rows of this round is up: what it refused, it refused
        // because of the row. Otherwise nothing is the rows' fault and nothing is counted.
        var brokerWide = sent.Count == 0;
        var ownFault = (brokerWide ? undeliverable : brokerFailed.Concat(undeliverable)).ToList();
        var parked = new List<(OutboxRow Row, string Error)>();

        var at = clock.GetUtcNow();
        await using (var marked = await database.BeginAsync(CancellationToken.None))
        {
            if (sent.Count > 0)
            {
                await marked.Connection.ExecuteAsync(MarkSentSql, new { SentAt = at, Ids = sent, Owner = owner }, marked.Transaction);
            }
            if (brokerWide && brokerFailed.Count > 0)
            {
                await marked.Connection.ExecuteAsync(ReleaseSql,
                    new { RetryAt = at + BrokerRetryDelay, Ids = brokerFailed.Select(row => row.Id).ToList(), Owner = owner }, marked.Transaction);
            }
            foreach (var row in ownFault)
            {
                var attempts = row.Attempts + 1;
                var error = Truncate(results[rows.IndexOf(row)].Error);
                if (attempts >= settings.MaxAttempts)
                {
                    await marked.Connection.ExecuteAsync(ParkSql,
                        new { row.Id, Attempts = attempts, ParkedAt = at, Error = error, Owner = owner }, marked.Transaction);
                    parked.Add((row, error));
                }
                else
                {
                    await marked.Connection.ExecuteAsync(CountFailureSql,
                        new { row.Id, Attempts = attempts, RetryAt = at + RetryDelay(attempts, settings), Error = error, Owner = owner }, marked.Transaction);
                }
            }
            await marked.CommitAsync(CancellationToken.None);
        }

        foreach (var (row, error) in parked)
        {
            metrics.RowParked(row.MessageType);
            logger.LogError("Outbox row {Id} ({Type}, message {MessageId}) parked after {Attempts} failed attempts: {Reason}",
                row.Id, row.MessageType, row.MessageId, row.Attempts + 1, error);
        }
        if (parked.Count > 0)
        {
            await CountParkedAsync(CancellationToken.None);
        }
        return new OutboxRound(rows.Count, sent.Count, brokerFailed.Count, undeliverable.Count, parked.Count);
    }

    /// <summary>Doubles from one second per own-fault attempt, up to <see cref="OutboxRelayOptions.MaxRetryDelay"/>.</summary>
    private static TimeSpan RetryDelay(int attempts, OutboxRelayOptions settings) =>
        TimeSpan.FromSeconds(Math.Min(settings.MaxRetryDelay.TotalSeconds, Math.Pow(2, Math.Min(attempts - 1, 20))));

    private async Task CountParkedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        metrics.SetParkedRows(await connection.ExecuteScalarAsync<long>(CountParkedSql));
    }

    private async Task<PublishResult> PublishAsync(OutboxRow row, OutboxRelayOptions settings, CancellationToken cancellationToken)
    {
        var type = IntegrationEvents.Find(row.MessageType);
        if (type is null)
        {
            // Perhaps written by a newer version during a rolling update: its replicas may still
            // publish it before the row is parked.
            logger.LogDebug("Outbox row {Id} has unknown message type {Type}", row.Id, row.MessageType);
            return new(Outcome.Undeliverable, $"Unknown message type '{row.MessageType}'.");
        }
        object message;
        try
        {
            message = JsonSerializer.Deserialize(row.Payload, type, Outbox.Json)
                ?? throw new JsonException("The payload is null.");
        }
        catch (JsonException exception)
        {
            logger.LogDebug("Outbox row {Id} ({Type}) does not deserialise: {Reason}", row.Id, row.MessageType, exception.Message);
            return new(Outcome.Undeliverable, $"The payload does not deserialise as {row.MessageType}: {exception.Message}");
        }
        using var activity = ActivitySource.StartActivity("outbox publish " + row.MessageType, ActivityKind.Internal, row.TraceParent);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.PublishTimeout);
            await bus.Publish(message, type, context => context.MessageId = row.MessageId, timeout.Token);
            return new(Outcome.Sent, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Publishing outbox row {Id} ({Type}) failed: {Reason}", row.Id, row.MessageType, exception.Message);
            return new(Outcome.BrokerFailed, exception.Message);
        }
    }

    private static string Truncate(string? error) =>
        error is null ? "" : error.Length <= MaxErrorLength ? error : error[..MaxErrorLength];

    private enum Outcome
    {
        Sent,
        BrokerFailed,
        Undeliverable,
    }

    private readonly record struct PublishResult(Outcome Outcome, string? Error);

    private sealed class OutboxRow
    {
        public long Id { get; set; }
        public Guid MessageId { get; set; }
        public string MessageType { get; set; } = "";
        public string Payload { get; set; } = "";
        public string? TraceParent { get; set; }
        public int Attempts { get; set; }
    }
}
