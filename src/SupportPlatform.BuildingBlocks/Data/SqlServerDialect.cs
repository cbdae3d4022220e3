namespace SupportPlatform.BuildingBlocks.Data;

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
