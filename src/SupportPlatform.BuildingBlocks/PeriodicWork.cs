using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SupportPlatform.BuildingBlocks;

/// <summary>
/// Background work that runs a pass every <see cref="Interval"/> on the injected clock (tests move a
/// fake one instead of waiting). A failed pass is logged as a warning and the next one tries again:
/// passes keep their state in the database, so skipping one loses nothing.
/// </summary>
public abstract class PeriodicWork(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The clock every pass reads "now" from.</summary>
    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    /// <summary>The wait between the end of a pass and the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass.</summary>
    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunPassAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                Logger.LogWarning(exception, "{Work} pass failed; trying again in {Interval}", GetType().Name, Interval);
            }
            await Task.Delay(Interval, Clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
