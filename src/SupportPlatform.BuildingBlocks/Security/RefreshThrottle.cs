namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>
/// Runs a key refresh at most once per <see cref="MinInterval"/> without ever skipping one a
/// caller needs: concurrent callers share one refresh, a caller whose refresh started after it
/// asked is served by that one, and a caller who asks too soon after the last refresh waits for
/// the rest of the interval instead of being refused. Unknown key ids (a rotation, or forged
/// tokens) thus cost the key store at most one read per interval, and a token signed with a
/// brand-new key is never rejected for arriving too soon after the last refresh.
/// </summary>
public sealed class RefreshThrottle(TimeSpan minInterval, TimeProvider clock)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private long? lastStarted;

    /// <summary>The shortest time between two refreshes.</summary>
    public TimeSpan MinInterval { get; } = minInterval;

    /// <summary>Runs <paramref name="refresh"/> unless one that started after this call is done.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> refresh, CancellationToken cancellationToken)
    {
        // Monotonic timestamps: a wall clock set back must not stall refreshes.
        var requestedAt = clock.GetTimestamp();
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (lastStarted is { } started && started > requestedAt)
            {
                return;
            }
            var wait = lastStarted is { } last ? MinInterval - clock.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
            }
            lastStarted = clock.GetTimestamp();
            await refresh(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
