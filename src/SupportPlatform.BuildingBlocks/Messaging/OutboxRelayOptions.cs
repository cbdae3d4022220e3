namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>Tuning of the <see cref="OutboxRelay"/> (configuration section <c>Outbox</c>).</summary>
public sealed class OutboxRelayOptions
{
    /// <summary>Rows leased and published per round.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a lease keeps other replicas off the leased rows.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the relay looks without being woken (rows of other replicas, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Failed attempts that are the row's own fault (its type is unknown, its body does not
    /// deserialise, or the broker refused it while taking the rows beside it) after which the row
    /// is parked: kept for an operator, never tried again. Failures while the broker is away do
    /// not count; those rows wait for the broker however long it takes.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>
    /// The longest wait before a row that failed by its own fault is tried again; the waits double
    /// from one second up to this, so that a replica of a newer version (which may know a new
    /// event type) has minutes to pick the row up before it is parked.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the parked-row gauge is re-counted (an operator may delete or re-queue rows).</summary>
    public TimeSpan ParkedCountInterval { get; set; } = TimeSpan.FromMinutes(1);
}
