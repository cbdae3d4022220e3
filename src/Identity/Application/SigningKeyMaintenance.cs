using Microsoft.Extensions.Options;
using SupportPlatform.Identity.Domain;

namespace SupportPlatform.Identity.Application;

/// <summary>
/// Every <see cref="TokenOptions.KeyRefreshInterval"/>: re-reads the signing keys (another replica
/// may have rotated them) and rotates or retires what is due. Safe with several replicas: the
/// change is decided again inside the write transaction, so only one replica performs it.
/// </summary>
public sealed class SigningKeyMaintenance(SigningKeys keys, TimeProvider clock, IOptions<TokenOptions> options, ILogger<SigningKeyMaintenance> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyRefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keys.MaintainAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The keys in memory stay valid; the next tick tries again.
                logger.LogWarning(exception, "Signing key maintenance failed; retrying in {Interval}", options.Value.KeyRefreshInterval);
            }
        }
    }
}
