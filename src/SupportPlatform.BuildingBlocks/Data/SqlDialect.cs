namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// The few statements whose syntax differs between SQLite and SQL Server. Everything else is
/// portable SQL beside the feature that runs it. Parameters use the same names in both dialects.
/// </summary>
public abstract class SqlDialect
{
    /// <summary>
    /// Leases up to @BatchSize unsent, unparked outbox rows whose lease is free or expired to
    /// @Owner until @LeaseUntil (@Now is the current time).
    /// </summary>
    public abstract string ClaimOutboxBatch { get; }

    /// <summary>Records (@MessageId, @Consumer, @ReceivedAt) unless present; affects 0 rows when present.</summary>
    public abstract string InsertInboxIfAbsent { get; }

    /// <summary>Appends a row limit to a query ordered by the caller; @Limit is the count.</summary>
    public abstract string Limit(string orderedQuery);

    /// <summary>
    /// Deletes up to @BatchSize outbox rows sent before @Cutoff. Unsent and parked rows
    /// (<c>sent_at</c> NULL) are never touched.
    /// </summary>
    public abstract string DeleteSentOutboxBatch { get; }

    /// <summary>Deletes up to @BatchSize inbox rows received before @Cutoff.</summary>
    public abstract string DeleteInboxBatch { get; }
}

/// <summary>SQLite statements.</summary>
[SqliteOnly]
public sealed class SqliteDialect : SqlDialect
{
    public override string ClaimOutboxBatch => """
        UPDATE outbox_messages SET lease_owner = @Owner, lease_until = @LeaseUntil
        WHERE id IN (
            SELECT id FROM outbox_messages
            WHERE sent_at IS NULL AND parked_at IS NULL AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY id LIMIT @BatchSize)
        """;

    public override string InsertInboxIfAbsent => """
        INSERT OR IGNORE INTO inbox_messages (message_id, consumer, received_at)
        VALUES (@MessageId, @Consumer, @ReceivedAt)
        """;

    public override string Limit(string orderedQuery) => orderedQuery + " LIMIT @Limit";

    // SQLite has no DELETE ... LIMIT unless compiled with it; a rowid subquery is the portable form.
    public override string DeleteSentOutboxBatch => """
        DELETE FROM outbox_messages WHERE id IN (
            SELECT id FROM outbox_messages
            WHERE sent_at IS NOT NULL AND sent_at < @Cutoff
            ORDER BY id LIMIT @BatchSize)
        """;

    public override string DeleteInboxBatch => """
        DELETE FROM inbox_messages WHERE rowid IN (
            SELECT rowid FROM inbox_messages WHERE received_at < @Cutoff LIMIT @BatchSize)
        """;
}

/// <summary>SQL Server (T-SQL) statements.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    public const string ClaimOutboxBatchSql = """
        UPDATE o SET lease_owner = @Owner, lease_until = @LeaseUntil
        FROM (
            SELECT TOP (@BatchSize) id, lease_owner, lease_until FROM outbox_messages WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE sent_at IS NULL AND parked_at IS NULL AND (lease_until IS NULL OR lease_until < @Now)
            ORDER BY id) AS o
        """;

    public const string InsertInboxIfAbsentSql = """
        INSERT INTO inbox_messages (message_id, consumer, received_at)
        SELECT @MessageId, @Consumer, @ReceivedAt
        WHERE NOT EXISTS (
            SELECT 1 FROM inbox_messages WITH (UPDLOCK, HOLDLOCK)
            WHERE message_id = @MessageId AND consumer = @Consumer)
        """;

    public const string DeleteSentOutboxBatchSql = """
        DELETE TOP (@BatchSize) FROM outbox_messages
        WHERE sent_at IS NOT NULL AND sent_at < @Cutoff
        """;

    public const string DeleteInboxBatchSql = "DELETE TOP (@BatchSize) FROM inbox_messages WHERE received_at < @Cutoff";

    public override string ClaimOutboxBatch => ClaimOutboxBatchSql;

    public override string DeleteSentOutboxBatch => DeleteSentOutboxBatchSql;

    public override string DeleteInboxBatch => DeleteInboxBatchSql;

    public override string InsertInboxIfAbsent => InsertInboxIfAbsentSql;

    public override string Limit(string orderedQuery) =>
        orderedQuery + " OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY";
}

/// <summary>
/// Marks a class whose SQL texts are for SQLite only; the T-SQL parse test skips its constants
/// and checks everything else.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SqliteOnlyAttribute : Attribute;
