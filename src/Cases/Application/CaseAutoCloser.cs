namespace SupportPlatform.Cases.Application;

/// <summary>Closes quiet resolved cases on a timer; state lives in the database, so restarts lose nothing.</summary>
public sealed class CaseAutoCloser(CaseTransitions transitions, Microsoft.Extensions.Options.IOptions<CaseOptions> options, TimeProvider clock, ILogger<CaseAutoCloser> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var closed = await transitions.AutoCloseAsync(stoppingToken);
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
