namespace SupportPlatform.BuildingBlocks;

/// <summary>
/// Tells every open stream of this replica that something was committed (where a
/// <see cref="WakeSignal"/> wakes one worker). A stream takes <see cref="Next"/> before it looks,
/// so that a commit between its look and its wait still wakes it; and it stops waiting after a
/// timeout besides, to see what other replicas committed.
/// </summary>
public abstract class ChangeBroadcast
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Until <paramref name="next"/> (taken from <see cref="Next"/> before looking) completes, the timeout passes or the call is cancelled.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, CancellationToken cancellationToken) =>
        await next.WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
