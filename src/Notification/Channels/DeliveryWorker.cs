using Grpc.Core;
using Microsoft.Extensions.Options;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// Sends due deliveries: claims a batch (each row for <see cref="DeliveryOptions.Claim"/>, so a
/// replica that dies mid-delivery leaves it to another after that), sends each, and records the
/// outcome and the attempt. A failure is tried again on <see cref="RetrySchedule"/>; a permanent
/// refusal, or the last failed attempt, leaves the delivery DEAD (dead-lettered, visible in
/// ListDeliveries); a recipient without an address is SKIPPED. Woken when a consumer commits new
/// deliveries, otherwise every <see cref="DeliveryOptions.PollInterval"/>; "due" is read from the
/// injected clock. Finished deliveries are deleted after <see cref="DeliveryOptions.Retention"/>.
/// </summary>
public sealed class DeliveryWorker(
    DeliveryStore store, PersonDirectory people, MailSender mail, DeliverySignal signal,
    IOptions<EmailOptions> email, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<DeliveryWorker> logger) : BackgroundService
{
    private readonly string worker = Guid.NewGuid().ToString("N");
    private DateTimeOffset retentionRanAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                full = await PassAsync(settings, stoppingToken) == settings.BatchSize;
                await RetainAsync(settings, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Delivery pass failed; trying again in {Interval}", settings.PollInterval);
            }
            if (!full)
            {
                await signal.WaitAsync(settings.PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One pass: claims and sends a batch; returns how many it claimed.</summary>
    public async Task<int> PassAsync(DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var batch = await store.ClaimDueAsync(worker, now, now + settings.Claim, settings.BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }
        await using var session = mail.Open();
        foreach (var delivery in batch)
        {
            var outcome = await DeliverAsync(delivery, session, cancellationToken);
            if (!await store.FinishAsync(delivery, worker, outcome, clock.GetUtcNow(), cancellationToken))
            {
                logger.LogWarning("Delivery {DeliveryId} was claimed by another worker while this one sent it", delivery.Id);
            }
        }
        return batch.Count;
    }

    private async Task<DeliveryStore.Outcome> DeliverAsync(DeliveryRow delivery, MailSender.Session session, CancellationToken cancellationToken)
    {
        var settings = email.Value;
        string name;
        string address;
        try
        {
            if (delivery.RecipientKind == NotificationRules.VendorSupportQueue)
            {
                (name, address) = ("Vendor support queue", settings.QueueAddress);
            }
            else
            {
                var person = await people.FindAsync(Guid.Parse(delivery.RecipientId), cancellationToken);
                if (person is null || !person.Active)
                {
                    return Skip(person is null ? "The person is not known to identity." : "The person is deactivated.");
                }
                (name, address) = (person.DisplayName, person.Email);
            }
        }
        catch (RpcException exception)
        {
            return Failed(delivery, null, $"Identity did not answer ({exception.StatusCode}).");
        }
        if (address.Length == 0)
        {
            return Skip("No e-mail address.");
        }

        try
        {
            await session.SendAsync(EmailMessages.Build(delivery, settings, name, address), cancellationToken);
            logger.LogInformation("E-mail {DeliveryId} ({EventType}) sent", delivery.Id, delivery.EventType);
            return new DeliveryStore.Outcome(DeliveryStore.Sent, "SENT", "Accepted by the mail server.", address, clock.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (MailSender.IsPermanent(exception))
            {
                logger.LogWarning("E-mail {DeliveryId} refused: {Reason}", delivery.Id, exception.Message);
                return new DeliveryStore.Outcome(DeliveryStore.Dead, "REFUSED", exception.Message, address, clock.GetUtcNow());
            }
            return Failed(delivery, address, exception.Message);
        }

        DeliveryStore.Outcome Skip(string why) => new(DeliveryStore.Skipped, "SKIPPED", why, null, clock.GetUtcNow());
    }

    /// <summary>A failed attempt: tried again later, or dead-lettered after the last.</summary>
    private DeliveryStore.Outcome Failed(DeliveryRow delivery, string? address, string why)
    {
        var attempt = delivery.Attempts + 1;
        var wait = RetrySchedule.Next(attempt, Random.Shared.NextDouble());
        logger.LogWarning("Delivery {DeliveryId} attempt {Attempt} failed: {Reason}{Next}", delivery.Id, attempt, why,
            wait is null ? "; given up" : $"; trying again in {wait}");
        return wait is { } next
            ? new DeliveryStore.Outcome(DeliveryStore.Retrying, "FAILED", why, address, clock.GetUtcNow() + next)
            : new DeliveryStore.Outcome(DeliveryStore.Dead, "FAILED", why, address, clock.GetUtcNow());
    }

    private async Task RetainAsync(DeliveryOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - retentionRanAt < TimeSpan.FromHours(1))
        {
            return;
        }
        retentionRanAt = now;
        var deleted = await store.DeleteFinishedAsync(now - settings.Retention, cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Count} deliveries finished before {Cutoff}", deleted, now - settings.Retention);
        }
    }
}
