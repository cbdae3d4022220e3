using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Notification.Data;

/// <summary>
/// Deliveries over channels other than in-app: written with their notification in the consumer's
/// transaction, claimed by a worker when due (an optimistic claim per row, so replicas share the
/// table), and finished with an outcome. Each attempt is kept.
/// </summary>
public sealed class DeliveryStore(Database database)
{
    public const string Pending = "PENDING";
    public const string Retrying = "RETRYING";
    public const string Sent = "SENT";
    public const string Dead = "DEAD";
    public const string Skipped = "SKIPPED";
    /// <summary>An FYI e-mail waiting for its recipient's digest.</summary>
    public const string Held = "HELD";
    /// <summary>Waiting for the end of its recipient's quiet hours.</summary>
    public const string Deferred = "DEFERRED";

    private const string Columns = """
        d.id AS Id, d.notification_id AS NotificationId, d.event_id AS EventId, d.recipient_kind AS RecipientKind, d.recipient_id AS RecipientId,
        d.channel AS Channel, d.state AS State, d.address AS Address, d.attempts AS Attempts, d.next_attempt_at AS NextAttemptAt,
        d.last_error AS LastError, d.created_at AS CreatedAt, d.finished_at AS FinishedAt,
        n.event_type AS EventType, n.subject AS Subject, n.body AS Body, n.urgency AS Urgency, n.case_id AS CaseId, n.rca_id AS RcaId,
        n.purpose AS Purpose, n.due_at AS DueAt, n.link_path AS LinkPath
        """;

    public const string InsertSql = """
        INSERT INTO deliveries (id, notification_id, event_id, recipient_kind, recipient_id, channel, state, attempts, next_attempt_at, created_at)
        VALUES (@Id, @NotificationId, @EventId, @RecipientKind, @RecipientId, @Channel, 'PENDING', 0, @Now, @Now)
        """;

    public const string DueSql = """
        SELECT id FROM deliveries
        WHERE state IN ('PENDING', 'RETRYING', 'HELD', 'DEFERRED') AND next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until < @Now)
        ORDER BY next_attempt_at
        """;

    public const string ClaimSql = """
        UPDATE deliveries SET claimed_by = @Worker, claimed_until = @Until
        WHERE id = @Id AND state IN ('PENDING', 'RETRYING', 'HELD', 'DEFERRED') AND (claimed_until IS NULL OR claimed_until < @Now)
        """;

    /// <summary>
    /// Claims, beside the one the worker holds, every other held delivery of the recipient on the
    /// channel that is due: they go out together, in one digest.
    /// </summary>
    public const string ClaimDigestSql = """
        UPDATE deliveries SET claimed_by = @Worker, claimed_until = @Until
        WHERE recipient_kind = 'PERSON' AND recipient_id = @RecipientId AND channel = @Channel AND state = 'HELD' AND next_attempt_at <= @Now
          AND (claimed_until IS NULL OR claimed_until < @Now OR claimed_by = @Worker)
        """;

    public const string DigestClaimedSql = "SELECT " + Columns + """
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id
        WHERE d.claimed_by = @Worker AND d.recipient_kind = 'PERSON' AND d.recipient_id = @RecipientId AND d.channel = @Channel AND d.state = 'HELD'
        ORDER BY n.seq
        """;

    /// <summary>A delivery set to wait (for a digest, or for quiet hours to end) without an attempt, if the worker still holds it.</summary>
    public const string WaitSql = """
        UPDATE deliveries SET state = @State, next_attempt_at = @Until, claimed_by = NULL, claimed_until = NULL
        WHERE id = @Id AND claimed_by = @Worker
        """;

    /// <summary>
    /// With a held delivery, the claim takes every other due held one of the same person and
    /// channel in the same transaction: one worker sends the person's whole digest, never two
    /// replicas a part each.
    /// </summary>
    public const string ClaimHeldGroupsSql = """
        UPDATE deliveries SET claimed_by = @Worker, claimed_until = @Until
        WHERE state = 'HELD' AND next_attempt_at <= @Now AND (claimed_until IS NULL OR claimed_until < @Now)
          AND EXISTS (SELECT 1 FROM deliveries mine
                      WHERE mine.claimed_by = @Worker AND mine.claimed_until = @Until AND mine.state = 'HELD'
                        AND mine.recipient_kind = deliveries.recipient_kind AND mine.recipient_id = deliveries.recipient_id
                        AND mine.channel = deliveries.channel)
        """;

    public const string ClaimedSql = "SELECT " + Columns + """
         FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.claimed_by = @Worker AND d.claimed_until = @Until
        """;

    /// <summary>A finished delivery made pending again (its attempts kept).</summary>
    public const string ReplaySql = """
        UPDATE deliveries SET state = 'PENDING', next_attempt_at = @Now, finished_at = NULL, last_error = NULL, claimed_by = NULL, claimed_until = NULL
        WHERE id = @Id AND state IN ('SENT', 'DEAD', 'SKIPPED')
        """;

    public const string RenewClaimSql = "UPDATE deliveries SET claimed_until = @Until WHERE id = @Id AND claimed_by = @Worker";

    public const string ReleaseClaimsSql = "UPDATE deliveries SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @Worker";

    /// <summary>Records an attempt's outcome, if the worker still holds the claim.</summary>
    public const string FinishSql = """
        UPDATE deliveries SET state = @State, attempts = attempts + 1, address = @Address, next_attempt_at = @NextAttemptAt,
                              last_error = @LastError, finished_at = @FinishedAt, claimed_by = NULL, claimed_until = NULL
        WHERE id = @Id AND claimed_by = @Worker
        """;

    public const string InsertAttemptSql = """
        INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, detail)
        SELECT id, attempts, @At, @Outcome, @Detail FROM deliveries WHERE id = @Id
        """;

    public const string SelectSql = "SELECT " + Columns + " FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.id = @Id";

    public const string AttemptsSql = """
        SELECT attempt AS Attempt, at AS At, outcome AS Outcome, detail AS Detail FROM delivery_attempts WHERE delivery_id = @Id ORDER BY attempt
        """;

    // A webhook delivery's recipient_id is the endpoint id as lower-case text (SQL Server writes
    // a uniqueidentifier's text in upper case: LOWER makes the match independent of collation).
    private const string Filters = """
        (@AllRecipients = 1 OR (d.recipient_kind = 'PERSON' AND d.recipient_id = @PersonId)
           OR (d.recipient_kind = 'WEBHOOK_ENDPOINT'
               AND d.recipient_id IN (SELECT LOWER(CAST(w.id AS NVARCHAR(36))) FROM webhook_endpoints w WHERE w.organization_id = @WebhookOrganizationId)))
          AND (@NotificationId IS NULL OR d.notification_id = @NotificationId)
          AND (@CaseId IS NULL OR n.case_id = @CaseId)
          AND (@State IS NULL OR d.state = @State)
        """;

    /// <summary>
    /// Deliveries, newest notification first, keyset-paged on the notification's position: all of
    /// them, or only those addressed to the reader (@AllRecipients = 0, @PersonId).
    /// </summary>
    public const string ListSql = "SELECT " + Columns + ", n.seq AS Seq FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE "
        + Filters + " AND n.seq < @Before ORDER BY n.seq DESC, d.channel";

    /// <summary>The same at one position: the rest of a page's last notification, so that a page never splits one.</summary>
    public const string ListAtSql = "SELECT " + Columns + ", n.seq AS Seq FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE "
        + Filters + " AND n.seq = @At ORDER BY d.channel";

    public const string DeleteFinishedAttemptsSql = """
        DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE finished_at IS NOT NULL AND finished_at < @Cutoff)
        """;

    public const string DeleteFinishedSql = "DELETE FROM deliveries WHERE finished_at IS NOT NULL AND finished_at < @Cutoff";

    /// <summary>
    /// Writes a pending delivery of a notification, in the consumer's transaction: to the
    /// notification's recipient, or to another (a webhook endpoint, sent the text of the
    /// customer's notification).
    /// </summary>
    public static Task AddAsync(UnitOfWork work, NotificationRecord notification, string channel, (string Kind, string Id)? recipient = null) =>
        work.Connection.ExecuteAsync(InsertSql, new
        {
            Id = Guid.CreateVersion7(notification.CreatedAt), NotificationId = notification.Id, notification.EventId,
            RecipientKind = recipient?.Kind ?? notification.RecipientKind, RecipientId = recipient?.Id ?? notification.RecipientId,
            Channel = channel, Now = notification.CreatedAt,
        }, work.Transaction);

    /// <summary>Claims up to <paramref name="limit"/> due deliveries for <paramref name="worker"/> until <paramref name="until"/>.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ClaimDueAsync(string worker, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var due = (await work.Connection.QueryAsync<Guid>(database.Dialect.Limit(DueSql), new { Now = now, Limit = limit }, work.Transaction)).ToList();
        foreach (var id in due)
        {
            await work.Connection.ExecuteAsync(ClaimSql, new { Id = id, Worker = worker, Until = until, Now = now }, work.Transaction);
        }
        if (due.Count > 0)
        {
            await work.Connection.ExecuteAsync(ClaimHeldGroupsSql, new { Worker = worker, Until = until, Now = now }, work.Transaction);
        }
        var claimed = due.Count == 0 ? [] : (await work.Connection.QueryAsync<DeliveryRow>(ClaimedSql, new { Worker = worker, Until = until }, work.Transaction)).ToList();
        await work.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Makes a finished delivery pending again; false when it is not finished.</summary>
    public async Task<bool> ReplayAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var replayed = await work.Connection.ExecuteAsync(ReplaySql, new { Id = id, Now = now }, work.Transaction) > 0;
        await work.CommitAsync(cancellationToken);
        return replayed;
    }

    /// <summary>Extends the worker's claim on a delivery; false when it no longer holds it.</summary>
    public async Task<bool> RenewClaimAsync(Guid id, string worker, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var renewed = await work.Connection.ExecuteAsync(RenewClaimSql, new { Id = id, Worker = worker, Until = until }, work.Transaction) > 0;
        await work.CommitAsync(cancellationToken);
        return renewed;
    }

    /// <summary>Lets a claimed delivery wait until <paramref name="until"/> in <paramref name="state"/> (HELD or DEFERRED), no attempt made.</summary>
    public async Task<bool> WaitAsync(Guid id, string worker, string state, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var waiting = await work.Connection.ExecuteAsync(WaitSql, new { Id = id, Worker = worker, State = state, Until = until }, work.Transaction) > 0;
        await work.CommitAsync(cancellationToken);
        return waiting;
    }

    /// <summary>Claims every due held delivery of the recipient on the channel for the worker and returns them, oldest notification first.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ClaimDigestAsync(string worker, string recipientId, string channel, DateTimeOffset now, DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var key = new { Worker = worker, RecipientId = recipientId, Channel = channel, Now = now, Until = until };
        await work.Connection.ExecuteAsync(ClaimDigestSql, key, work.Transaction);
        var claimed = (await work.Connection.QueryAsync<DeliveryRow>(DigestClaimedSql, key, work.Transaction)).ToList();
        await work.CommitAsync(cancellationToken);
        return claimed;
    }

    /// <summary>Frees every delivery the worker still claims (those it did not finish).</summary>
    public async Task ReleaseClaimsAsync(string worker, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        await work.Connection.ExecuteAsync(ReleaseClaimsSql, new { Worker = worker }, work.Transaction);
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>The outcome of one attempt.</summary>
    /// <param name="State">The delivery's state after it.</param>
    /// <param name="Result">How the attempt went: SENT, FAILED, REFUSED or SKIPPED.</param>
    public sealed record Outcome(string State, string Result, string Detail, string? Address, DateTimeOffset NextAttemptAt);

    /// <summary>Records an attempt and its outcome; false when the claim was lost meanwhile (nothing recorded).</summary>
    public async Task<bool> FinishAsync(DeliveryRow delivery, string worker, Outcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var finished = outcome.State is Sent or Dead or Skipped ? now : (DateTimeOffset?)null;
        var changed = await work.Connection.ExecuteAsync(FinishSql, new
        {
            delivery.Id, Worker = worker, outcome.State, outcome.Address, outcome.NextAttemptAt,
            LastError = outcome.State == Sent ? null : Truncate(outcome.Detail), FinishedAt = finished,
        }, work.Transaction);
        if (changed == 0)
        {
            return false;
        }
        await work.Connection.ExecuteAsync(InsertAttemptSql, new { delivery.Id, At = now, Outcome = outcome.Result, Detail = Truncate(outcome.Detail) }, work.Transaction);
        await work.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<(DeliveryRow Delivery, IReadOnlyList<DeliveryAttemptRow> Attempts)?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(SelectSql, new { Id = id });
        return row is null ? null : (row, (await connection.QueryAsync<DeliveryAttemptRow>(AttemptsSql, new { Id = id })).ToList());
    }

    /// <summary>
    /// Filters of <see cref="ListAsync"/>; null means any. With <paramref name="PersonId"/>, only
    /// deliveries to that person, and to the webhook endpoints of <paramref name="WebhookOrganizationId"/> when set.
    /// </summary>
    public sealed record Filter(Guid? PersonId, Guid? NotificationId, Guid? CaseId, string? State, Guid? WebhookOrganizationId = null);

    /// <summary>Up to <paramref name="limit"/> deliveries before the position, completed to whole notifications.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ListAsync(Filter filter, long before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters(new
        {
            AllRecipients = filter.PersonId is null ? 1 : 0, PersonId = filter.PersonId?.ToString(), filter.NotificationId, filter.CaseId, filter.State,
            filter.WebhookOrganizationId, Before = before, Limit = limit,
        });
        var rows = (await connection.QueryAsync<DeliveryRow>(database.Dialect.Limit(ListSql), parameters)).ToList();
        if (rows.Count == limit)
        {
            var lastSeq = rows[^1].Seq;
            parameters.Add("At", lastSeq);
            var whole = await connection.QueryAsync<DeliveryRow>(ListAtSql, parameters);
            rows = [.. rows.Where(row => row.Seq != lastSeq), .. whole];
        }
        return rows;
    }

    /// <summary>Deletes deliveries finished before <paramref name="cutoff"/>, with their attempts; returns how many.</summary>
    public async Task<int> DeleteFinishedAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        await work.Connection.ExecuteAsync(DeleteFinishedAttemptsSql, new { Cutoff = cutoff }, work.Transaction);
        var deleted = await work.Connection.ExecuteAsync(DeleteFinishedSql, new { Cutoff = cutoff }, work.Transaction);
        await work.CommitAsync(cancellationToken);
        return deleted;
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];
}
