namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>How long the outbox and inbox keep rows (configuration section <c>Retention</c>).</summary>
public sealed class MessagingRetentionOptions
{
    /// <summary>
    /// Sent outbox rows are kept this long after they were sent, for looking into what was
    /// published. Unsent and parked rows are never deleted.
    /// </summary>
    public TimeSpan OutboxSent { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Inbox rows are kept this long after the message arrived. A repeat of the message arriving
    /// later would be applied again, so this must exceed every way a message id comes back:
    /// the consumer's retries, and the outbox relay's re-publishing after a lost confirm or a dead
    /// relay (checked at start by <see cref="MessagingRetentionOptionsValidator"/>).
    /// </summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often one replica cleans up; the run is leased for this long.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so each transaction (SQLite's one writer) stays short.</summary>
    public int BatchSize { get; set; } = 1000;
}
