using Microsoft.Extensions.Options;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Refuses an inbox window that a redelivered message could outlive: deleting a message's inbox
/// row before its last possible repeat would let that repeat be applied twice.
/// </summary>
public sealed class MessagingRetentionOptionsValidator(IOptions<OutboxRelayOptions> relay) : IValidateOptions<MessagingRetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingRetentionOptions options)
    {
        var failures = new List<string>();
        if (options.OutboxSent <= TimeSpan.Zero)
        {
            failures.Add("Retention:OutboxSent must be positive.");
        }
        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add("Retention:Interval must be positive.");
        }
        if (options.BatchSize <= 0)
        {
            failures.Add("Retention:BatchSize must be positive.");
        }
        var horizon = RedeliveryHorizon(relay.Value);
        if (options.Inbox <= horizon)
        {
            failures.Add($"Retention:Inbox ({options.Inbox}) must exceed the longest time a message can come back " +
                $"({horizon}: the outbox relay's lease, publish timeout and row retries, plus the consumers' retries).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The longest time between a message's first arrival and a repeat of it: a relay that
    /// published but died (or lost the confirm) leaves the row to be published again after its
    /// lease, and a row failing by its own fault is tried up to MaxAttempts times, each after up
    /// to MaxRetryDelay; the consumer then retries for the sum of its intervals.
    /// </summary>
    public static TimeSpan RedeliveryHorizon(OutboxRelayOptions relay) =>
        relay.LeaseDuration + relay.PublishTimeout
        + relay.MaxAttempts * (relay.MaxRetryDelay + relay.LeaseDuration + relay.PublishTimeout)
        + TimeSpan.FromMilliseconds(Inbox.DefaultRetryIntervals.Sum());
}
