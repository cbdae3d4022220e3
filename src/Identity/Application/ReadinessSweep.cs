using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Identity.Data;

namespace SupportPlatform.Identity.Application;

/// <summary>Re-counts every customer periodically, because trainings expire without any write.</summary>
public sealed class ReadinessSweep(
    Database database, ReadinessMonitor monitor, Outbox outbox, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ReadinessSweepOptions> options, ILogger<ReadinessSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                IReadOnlyList<Guid> customers;
                await using (var read = await database.BeginReadAsync(stoppingToken))
                {
                    customers = await PeopleStore.CustomerIdsAsync(read);
                }
                foreach (var customer in customers)
                {
                    await using var work = await database.BeginAsync(stoppingToken);
                    await monitor.ReevaluateAsync(work, customer);
                    await outbox.CommitAsync(work, stoppingToken);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Support readiness sweep failed; trying again next round");
            }
            await Task.Delay(options.Value.Interval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
