namespace SupportPlatform.Cases.Domain;

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

/// <summary>Closes quiet resolved cases on a timer; state lives in the database, so restarts lose nothing.</summary>
public sealed class CaseAutoCloser(CaseCommands commands, Microsoft.Extensions.Options.IOptions<CaseOptions> options, TimeProvider clock, ILogger<CaseAutoCloser> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var closed = await commands.AutoCloseAsync(stoppingToken);
                if (closed > 0)
                {
                    logger.LogInformation("Closed {Count} quiet resolved case(s)", closed);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Auto-close round failed; trying again next round");
            }
            await Task.Delay(options.Value.AutoCloseSweepInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
