namespace SupportPlatform.BuildingBlocks;

/// <summary>
/// Wakes a background worker when there is new work, without making it poll faster: one pending
/// wake-up serves every notification before it; the worker also wakes when its wait times out.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim semaphore = new(0, 1);

    public void Notify()
    {
        try
        {
            if (semaphore.CurrentCount == 0)
            {
                semaphore.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up serves every notification before it.
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => semaphore.WaitAsync(timeout, cancellationToken);
}
