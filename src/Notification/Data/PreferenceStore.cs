using Dapper;
using NodaTime;
using NodaTime.Text;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Data;

/// <summary>People's notification preferences: one row each (none until they first choose) and their opt-outs.</summary>
public sealed class PreferenceStore(Database database)
{
    private static readonly LocalTimePattern Clock = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public const string SelectSql = """
        SELECT time_zone AS TimeZone, quiet_start AS QuietStart, quiet_end AS QuietEnd, digest AS Digest, digest_time AS DigestTime
        FROM notification_preferences WHERE person_id = @PersonId
        """;

    public const string SelectOptOutsSql = "SELECT category AS Category, channel AS Channel FROM notification_opt_outs WHERE person_id = @PersonId";

    public const string DeleteSql = "DELETE FROM notification_preferences WHERE person_id = @PersonId";

    public const string DeleteOptOutsSql = "DELETE FROM notification_opt_outs WHERE person_id = @PersonId";

    public const string InsertSql = """
        INSERT INTO notification_preferences (person_id, time_zone, quiet_start, quiet_end, digest, digest_time, updated_at)
        VALUES (@PersonId, @TimeZone, @QuietStart, @QuietEnd, @Digest, @DigestTime, @Now)
        """;

    public const string InsertOptOutSql = "INSERT INTO notification_opt_outs (person_id, category, channel) VALUES (@PersonId, @Category, @Channel)";

    /// <summary>What waits for quiet hours to end is decided again at once under the new preferences.</summary>
    public const string RedecideDeferredSql = """
        UPDATE deliveries SET next_attempt_at = @Now
        WHERE recipient_kind = 'PERSON' AND recipient_id = @RecipientId AND state = 'DEFERRED' AND claimed_by IS NULL
        """;

    /// <summary>
    /// What waits for a digest: with a digest still chosen, held again for the new schedule; with
    /// none, sent at once as one last digest.
    /// </summary>
    public const string RedecideHeldSql = """
        UPDATE deliveries SET next_attempt_at = @Now, state = CASE WHEN @Digest = 'NONE' THEN 'HELD' ELSE 'PENDING' END
        WHERE recipient_kind = 'PERSON' AND recipient_id = @RecipientId AND state = 'HELD' AND claimed_by IS NULL
        """;

    /// <summary>Which of the named people batch their FYI e-mails into a digest.</summary>
    public const string WithDigestSql = "SELECT person_id FROM notification_preferences WHERE digest <> 'NONE' AND person_id IN @Ids";

    /// <summary>A row of <c>notification_preferences</c>.</summary>
    public sealed class Row
    {
        public string TimeZone { get; set; } = "";
        public string? QuietStart { get; set; }
        public string? QuietEnd { get; set; }
        public string Digest { get; set; } = NotificationPreferences.NoDigest;
        public string DigestTime { get; set; } = "08:00";
    }

    /// <summary>A row of <c>notification_opt_outs</c>.</summary>
    public sealed class OptOutRow
    {
        public string Category { get; set; } = "";
        public string Channel { get; set; } = "";
    }

    /// <summary>The person's preferences; the defaults when they never chose.</summary>
    public async Task<NotificationPreferences> GetAsync(Guid personId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(SelectSql, new { PersonId = personId });
        if (row is null)
        {
            return NotificationPreferences.Default;
        }
        var optOuts = await connection.QueryAsync<OptOutRow>(SelectOptOutsSql, new { PersonId = personId });
        return new NotificationPreferences(row.TimeZone, Time(row.QuietStart), Time(row.QuietEnd), row.Digest,
            Time(row.DigestTime) ?? NotificationPreferences.Default.DigestTime, optOuts.Select(optOut => (optOut.Category, optOut.Channel)).ToHashSet());
    }

    /// <summary>Replaces the person's preferences; what waits (quiet hours, a digest) is decided again under them.</summary>
    public async Task SaveAsync(Guid personId, NotificationPreferences preferences, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var key = new { PersonId = personId };
        await work.Connection.ExecuteAsync(DeleteOptOutsSql, key, work.Transaction);
        await work.Connection.ExecuteAsync(DeleteSql, key, work.Transaction);
        await work.Connection.ExecuteAsync(InsertSql, new
        {
            PersonId = personId, preferences.TimeZone, QuietStart = Text(preferences.QuietStart), QuietEnd = Text(preferences.QuietEnd),
            preferences.Digest, DigestTime = Text(preferences.DigestTime), Now = now,
        }, work.Transaction);
        foreach (var (category, channel) in preferences.OptOuts)
        {
            await work.Connection.ExecuteAsync(InsertOptOutSql, new { PersonId = personId, Category = category, Channel = channel }, work.Transaction);
        }
        var waiting = new { RecipientId = personId.ToString(), Now = now, preferences.Digest };
        await work.Connection.ExecuteAsync(RedecideDeferredSql, waiting, work.Transaction);
        await work.Connection.ExecuteAsync(RedecideHeldSql, waiting, work.Transaction);
        await work.CommitAsync(cancellationToken);
    }

    /// <summary>Which of the people (ids as text) have a digest, read in the consumer's transaction.</summary>
    public static async Task<IReadOnlySet<string>> WithDigestAsync(UnitOfWork work, IEnumerable<string> personIds)
    {
        HashSet<string> found = [];
        var ids = personIds.Select(id => Guid.TryParse(id, out var parsed) ? parsed : (Guid?)null).OfType<Guid>().Distinct().ToList();
        // In chunks: SQL Server takes at most 2,100 parameters in one statement.
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await work.Connection.QueryAsync<Guid>(WithDigestSql, new { Ids = DapperTypeHandlers.InList(chunk) }, work.Transaction);
            found.UnionWith(rows.Select(id => id.ToString()));
        }
        return found;
    }

    public static string Text(LocalTime time) => Clock.Format(time);

    private static string? Text(LocalTime? time) => time is { } value ? Clock.Format(value) : null;

    /// <summary>"HH:mm" as a time of day; null for null or text that is not one.</summary>
    public static LocalTime? Time(string? text) =>
        text is not null && text.Length == 5 && Clock.Parse(text) is { Success: true } parsed ? parsed.Value : null;
}
