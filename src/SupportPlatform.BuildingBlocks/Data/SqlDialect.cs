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
