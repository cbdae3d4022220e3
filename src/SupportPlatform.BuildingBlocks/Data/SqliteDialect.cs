namespace SupportPlatform.BuildingBlocks.Data;

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
