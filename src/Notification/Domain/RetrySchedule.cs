namespace SupportPlatform.Notification.Domain;

/// <summary>
/// When a failed delivery is tried again: exponential back-off from <see cref="First"/>, doubling,
/// capped at <see cref="Longest"/>, with up to 20 % random jitter so that deliveries that failed
/// together do not all come back together; after <see cref="MaxAttempts"/> attempts (about eight
/// and a half hours of trying, so an outage of a morning is ridden out) it is given up
/// (dead-lettered). Pure: the caller passes the random fraction.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Longest = TimeSpan.FromHours(2);
    public const int MaxAttempts = 12;

    /// <summary>
    /// The wait after failed attempt number <paramref name="attempt"/> (from 1), or null when that
    /// was the last; <paramref name="jitter"/> is a fraction in [0, 1). A receiver's own
    /// <paramref name="retryAfter"/> is honoured when longer.
    /// </summary>
    public static TimeSpan? Next(int attempt, double jitter, TimeSpan? retryAfter = null)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }
        var backoff = TimeSpan.FromTicks(Math.Min(First.Ticks * (1L << Math.Min(attempt - 1, 20)), Longest.Ticks));
        var wait = backoff + backoff * (0.2 * jitter);
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }
}
