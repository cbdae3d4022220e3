namespace SupportPlatform.Cases.Application;

/// <summary>
/// Wakes the case-change streams (WatchCases) of this replica when a change commits; streams
/// also poll, for changes committed by other replicas.
/// </summary>
public sealed class CaseChangeSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Completes at the next change or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.WhenAny(Volatile.Read(ref next).Task, Task.Delay(timeout, cancellationToken));
}
