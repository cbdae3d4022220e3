using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Data;

/// <summary>
/// The notifications and who has read them. A reader's notifications are those addressed to the
/// reader and, with @IncludeQueue = 1 (vendor support staff), the vendor queue's. Read or unread
/// is per person: everything up to the person's read mark, and single notifications read above it.
/// </summary>
public sealed class NotificationStore(Database database)
{
    /// <summary>The reader's read mark: everything up to it is read (0 before the first).</summary>
    private const string ReadMark = "COALESCE((SELECT m.read_up_to FROM notification_read_marks m WHERE m.person_id = @Reader), 0)";

    private const string Columns = $"""
        n.seq AS Seq, n.id AS Id, n.event_id AS EventId, n.recipient_kind AS RecipientKind, n.recipient_id AS RecipientId,
        n.channel AS Channel, n.event_type AS EventType, n.subject AS Subject, n.body AS Body, n.case_id AS CaseId,
        n.rca_id AS RcaId, n.created_at AS CreatedAt, n.urgency AS Urgency, n.purpose AS Purpose, n.due_at AS DueAt,
        CASE WHEN n.seq <= {ReadMark} OR EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.person_id = @Reader)
             THEN 1 ELSE 0 END AS IsRead
        """;

    /// <summary>
    /// The reader's rows. The queue's recipient id is always empty, and naming it lets the
    /// recipient index bound the queue's rows by seq too: without it, each wake of a vendor
    /// reader's WatchNotifications stream read every queue notification ever written.
    /// </summary>
    private const string Mine = """
        ((n.recipient_kind = 'PERSON' AND n.recipient_id = @PersonId)
         OR (@IncludeQueue = 1 AND n.recipient_kind = 'VENDOR_SUPPORT_QUEUE' AND n.recipient_id = ''))
        """;

    private const string Unread = $"""
        (n.seq > {ReadMark} AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.person_id = @Reader))
        """;

    public const string InsertSql = """
        INSERT INTO notifications (id, event_id, recipient_kind, recipient_id, channel, event_type, subject, body,
                                   case_id, rca_id, created_at, urgency, purpose, due_at, link_path)
        VALUES (@Id, @EventId, @RecipientKind, @RecipientId, @Channel, @EventType, @Subject, @Body, @CaseId, @RcaId, @CreatedAt, @Urgency, @Purpose, @DueAt,
                @LinkPath)
        """;

    private const string PageOf = " AND n.seq < @Before AND (@UnreadOnly = 0 OR " + Unread + ") ORDER BY n.seq DESC";

    /// <summary>The reader's own notifications before @Before, newest first, in the recipient index's order.</summary>
    private const string OwnPageSql = "SELECT " + Columns + " FROM notifications n WHERE n.recipient_kind = 'PERSON' AND n.recipient_id = @PersonId" + PageOf;

    /// <summary>The vendor queue's notifications before @Before (none unless @IncludeQueue is 1), newest first, likewise.</summary>
    private const string QueuePageSql = "SELECT " + Columns
        + " FROM notifications n WHERE @IncludeQueue = 1 AND n.recipient_kind = 'VENDOR_SUPPORT_QUEUE' AND n.recipient_id = ''" + PageOf;

    /// <summary>
    /// The reader's notifications, newest first, keyset-paged on seq; only unread ones when
    /// @UnreadOnly is 1: the newest @Limit of the reader's own and of the queue's, each read in
    /// the recipient index's order and stopped at the limit, then merged. One query with the two
    /// recipients OR-ed made SQLite collect and sort every notification the reader ever had
    /// before the page, on every page.
    /// </summary>
    public static string ListSql(SqlDialect dialect) => dialect.Limit(
        "SELECT * FROM (" + dialect.Limit(OwnPageSql) + ") own_rows UNION ALL SELECT * FROM (" + dialect.Limit(QueuePageSql) + ") queue_rows ORDER BY Seq DESC");

    /// <summary>
    /// The same for one case: a separate text so that the (case_id, seq) index serves it — a
    /// catch-all "@CaseId IS NULL OR case_id = @CaseId" would make every poll walk the recipient's
    /// whole history.
    /// </summary>
    public const string ListForCaseSql = "SELECT " + Columns + " FROM notifications n WHERE n.case_id = @CaseId AND n.seq < @Before AND " + Mine
        + " AND (@UnreadOnly = 0 OR " + Unread + ") ORDER BY n.seq DESC";

    /// <summary>The reader's notifications after a position, oldest first (WatchNotifications).</summary>
    public const string AfterSql = "SELECT " + Columns + " FROM notifications n WHERE n.seq > @After AND " + Mine + " ORDER BY n.seq";

    public const string LatestSql = "SELECT COALESCE(MAX(seq), 0) FROM notifications";

    public const string UnreadCountSql = "SELECT COUNT(*) FROM notifications n WHERE " + Mine + " AND " + Unread;

    /// <summary>Reads the named notifications that are the reader's and unread; returns how many.</summary>
    public const string ReadNamedSql = """
        INSERT INTO notification_reads (notification_id, person_id, read_at)
        SELECT n.id, @Reader, @Now FROM notifications n
        WHERE n.id IN @Ids AND
        """ + Mine + " AND " + Unread;

    public const string UpdateMarkSql = """
        UPDATE notification_read_marks SET read_up_to = @UpTo, marked_at = @Now WHERE person_id = @Reader AND read_up_to < @UpTo
        """;

    public const string InsertMarkSql = """
        INSERT INTO notification_read_marks (person_id, read_up_to, marked_at)
        SELECT @Reader, @UpTo, @Now WHERE NOT EXISTS (SELECT 1 FROM notification_read_marks WHERE person_id = @Reader)
        """;

    /// <summary>Single reads the mark now covers are no longer needed.</summary>
    public const string DropCoveredReadsSql = """
        DELETE FROM notification_reads
        WHERE person_id = @Reader AND notification_id IN (SELECT id FROM notifications WHERE seq <= @UpTo)
        """;

    /// <summary>A query's parameters with the reader's: who (as recipient text and as id) and whether the queue is theirs.</summary>
    private static DynamicParameters Parameters(Reader reader, object? query = null)
    {
        var parameters = new DynamicParameters(query);
        parameters.Add("PersonId", reader.PersonId.ToString());
        parameters.Add("Reader", reader.PersonId);
        parameters.Add("IncludeQueue", reader.IncludeQueue ? 1 : 0);
        return parameters;
    }

    /// <summary>Who reads: a person, and whether the vendor queue is theirs too.</summary>
    public sealed record Reader(Guid PersonId, bool IncludeQueue);

    /// <summary>What <see cref="AddAsync"/> wrote: each draft's notification, and how many deliveries.</summary>
    public sealed record Written(IReadOnlyList<(NotificationRules.Draft Draft, NotificationRecord Record)> Notifications, int Deliveries);

    /// <summary>
    /// Writes the drafts of one event inside the consumer's transaction, each with a pending
    /// delivery on every channel <paramref name="channels"/> names for it.
    /// </summary>
    public static async Task<Written> AddAsync(UnitOfWork work, Guid eventId, string eventType, IEnumerable<NotificationRules.Draft> drafts,
        Guid? caseId, Guid? rcaId, DateTimeOffset now, Func<NotificationRules.Draft, IEnumerable<string>>? channels = null)
    {
        var deliveries = 0;
        List<(NotificationRules.Draft, NotificationRecord)> written = [];
        foreach (var draft in drafts)
        {
            var record = new NotificationRecord
            {
                Id = Guid.CreateVersion7(now),
                EventId = eventId,
                RecipientKind = draft.RecipientKind,
                RecipientId = draft.RecipientId,
                Channel = NotificationRules.InApp,
                EventType = eventType,
                Subject = draft.Subject,
                Body = draft.Body,
                CaseId = caseId,
                RcaId = rcaId,
                CreatedAt = now,
                Urgency = draft.Urgency,
                Purpose = draft.Purpose ?? Audience.Fyi,
                DueAt = draft.DueAt,
                LinkPath = draft.LinkPath,
            };
            await work.Connection.ExecuteAsync(InsertSql, record, work.Transaction);
            written.Add((draft, record));
            foreach (var channel in channels?.Invoke(draft) ?? [])
            {
                await DeliveryStore.AddAsync(work, record, channel);
                deliveries++;
            }
        }
        return new Written(written, deliveries);
    }

    /// <summary>
    /// Writes the notification the organisation's webhook calls carry (recipient kind WEBHOOKS,
    /// listed to nobody in-app): the customer's text of the event.
    /// </summary>
    public static async Task<NotificationRecord> AddForWebhooksAsync(UnitOfWork work, Guid eventId, string eventType, NotificationRules.Draft customerText,
        Guid? caseId, Guid? rcaId, DateTimeOffset now)
    {
        var record = new NotificationRecord
        {
            Id = Guid.CreateVersion7(now), EventId = eventId, RecipientKind = "WEBHOOKS", RecipientId = "", Channel = ChannelRules.Webhook, EventType = eventType,
            Subject = customerText.Subject, Body = customerText.Body, CaseId = caseId, RcaId = rcaId, CreatedAt = now, Urgency = customerText.Urgency,
            Purpose = Audience.Fyi, DueAt = customerText.DueAt,
        };
        await work.Connection.ExecuteAsync(InsertSql, record, work.Transaction);
        return record;
    }

    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(Reader reader, Guid? caseId, bool unreadOnly, long before, int limit)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<NotificationRecord>(caseId is null ? ListSql(database.Dialect) : database.Dialect.Limit(ListForCaseSql),
            Parameters(reader, new { Before = before, CaseId = caseId, UnreadOnly = unreadOnly ? 1 : 0, Limit = limit }));
        return rows.ToList();
    }

    /// <summary>Up to <paramref name="limit"/> of the reader's notifications after <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<NotificationRecord>> AfterAsync(Reader reader, long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<NotificationRecord>(database.Dialect.Limit(AfterSql), Parameters(reader, new { After = after, Limit = limit }))).ToList();
    }

    /// <summary>The position of the newest notification (0 when there is none).</summary>
    public async Task<long> LatestPositionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(LatestSql);
    }

    public async Task<long> UnreadCountAsync(Reader reader, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(UnreadCountSql, Parameters(reader));
    }

    /// <summary>
    /// Marks the named notifications and everything up to <paramref name="upTo"/> read, in one
    /// transaction. Returns how many of the named ones were unread, and the unread count after.
    /// </summary>
    public async Task<(long Marked, long Unread)> MarkReadAsync(Reader reader, IReadOnlyCollection<Guid> ids, long upTo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var connection = work.Connection;
        if (upTo > 0)
        {
            var moved = new { Reader = reader.PersonId, UpTo = upTo, Now = now };
            await connection.ExecuteAsync(UpdateMarkSql, moved, work.Transaction);
            await connection.ExecuteAsync(InsertMarkSql, moved, work.Transaction);
            await connection.ExecuteAsync(DropCoveredReadsSql, moved, work.Transaction);
        }
        long marked = 0;
        if (ids.Count > 0)
        {
            marked = await connection.ExecuteAsync(ReadNamedSql, Parameters(reader, new { Ids = DapperTypeHandlers.InList(ids), Now = now }), work.Transaction);
        }
        var unread = await connection.ExecuteScalarAsync<long>(UnreadCountSql, Parameters(reader), work.Transaction);
        await work.CommitAsync(cancellationToken);
        return (marked, unread);
    }
}
