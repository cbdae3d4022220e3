using Dapper;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Data;

public sealed class NotificationStore(Database database)
{
    private const string Columns = """
        seq AS Seq, id AS Id, event_id AS EventId, recipient_kind AS RecipientKind, recipient_id AS RecipientId,
        channel AS Channel, event_type AS EventType, subject AS Subject, body AS Body, case_id AS CaseId,
        rca_id AS RcaId, created_at AS CreatedAt
        """;

    public const string InsertSql = """
        INSERT INTO notifications (id, event_id, recipient_kind, recipient_id, channel, event_type, subject, body,
                                   case_id, rca_id, created_at)
        VALUES (@Id, @EventId, @RecipientKind, @RecipientId, @Channel, @EventType, @Subject, @Body, @CaseId, @RcaId, @CreatedAt)
        """;

    /// <summary>
    /// A person's own notifications, plus the vendor queue's when @IncludeQueue is 1; newest first,
    /// keyset-paged on seq.
    /// </summary>
    public const string ListSql = "SELECT " + Columns + """
         FROM notifications
        WHERE seq < @Before
          AND ((recipient_kind = 'PERSON' AND recipient_id = @PersonId)
               OR (@IncludeQueue = 1 AND recipient_kind = 'VENDOR_SUPPORT_QUEUE'))
        ORDER BY seq DESC
        """;

    /// <summary>
    /// The same for one case: a separate text so that the (case_id, seq) index serves it — a
    /// catch-all "@CaseId IS NULL OR case_id = @CaseId" would make every poll walk the recipient's
    /// whole history.
    /// </summary>
    public const string ListForCaseSql = "SELECT " + Columns + """
         FROM notifications
        WHERE case_id = @CaseId AND seq < @Before
          AND ((recipient_kind = 'PERSON' AND recipient_id = @PersonId)
               OR (@IncludeQueue = 1 AND recipient_kind = 'VENDOR_SUPPORT_QUEUE'))
        ORDER BY seq DESC
        """;

    /// <summary>Writes the drafts of one event inside the consumer's transaction.</summary>
    public static async Task AddAsync(UnitOfWork work, Guid eventId, string eventType, IEnumerable<NotificationRules.Draft> drafts,
        Guid? caseId, Guid? rcaId, DateTimeOffset now)
    {
        foreach (var draft in drafts)
        {
            await work.Connection.ExecuteAsync(InsertSql, new NotificationRecord
            {
                Id = Guid.NewGuid(),
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
            }, work.Transaction);
        }
    }

    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(Guid personId, bool includeQueue, Guid? caseId, long before, int limit)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<NotificationRecord>(database.Dialect.Limit(caseId is null ? ListSql : ListForCaseSql), new
        {
            Before = before,
            PersonId = personId.ToString(),
            IncludeQueue = includeQueue ? 1 : 0,
            CaseId = caseId,
            Limit = limit,
        });
        return rows.ToList();
    }
}
