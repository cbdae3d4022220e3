using Grpc.Core;
using Microsoft.Extensions.Options;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// Sends due deliveries, by e-mail, SMS or webhook: claims a batch (each row for <see cref="DeliveryOptions.Claim"/>, so a
/// replica that dies mid-delivery leaves it to another after that), sends each, and records the
/// outcome and the attempt. A failure is tried again on <see cref="RetrySchedule"/>; a permanent
/// refusal, or the last failed attempt, leaves the delivery DEAD (dead-lettered, visible in
/// ListDeliveries); a recipient without an address is SKIPPED. Woken when a consumer commits new
/// deliveries, otherwise every <see cref="DeliveryOptions.PollInterval"/>; "due" is read from the
/// injected clock. Finished deliveries are deleted after <see cref="DeliveryOptions.Retention"/>.
/// </summary>
public sealed class DeliveryWorker(
    DeliveryStore store, PersonDirectory people, MailSender mail, ISmsProvider sms, WebhookStore endpoints, WebhookSender webhooks, DeliverySignal signal,
    IOptions<EmailOptions> email, IOptions<WebhookOptions> webhookOptions, IOptions<DeliveryOptions> options, TimeProvider clock,
    ILogger<DeliveryWorker> logger) : BackgroundService
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
                await RetainAsync(settings, stoppingToken);
                full = await PassAsync(settings, stoppingToken) == settings.BatchSize;
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
        try
        {
            // One SMTP connection for the pass, opened on its first e-mail.
            await using var session = mail.Open();
            foreach (var delivery in batch)
            {
                // The claim is renewed before each send, so a slow pass cannot outlive it and let
                // another replica send the same delivery.
                var renewedAt = clock.GetUtcNow();
                if (!await store.RenewClaimAsync(delivery.Id, worker, renewedAt + settings.Claim, cancellationToken))
                {
                    continue;
                }
                var outcome = await DeliverAsync(delivery, session, cancellationToken);
                // Recorded even while stopping: a message the server took must not be sent again.
                if (!await store.FinishAsync(delivery, worker, outcome, clock.GetUtcNow(), CancellationToken.None))
                {
                    logger.LogWarning("Delivery {DeliveryId} was claimed by another worker while this one sent it", delivery.Id);
                }
            }
        }
        finally
        {
            // What this pass did not get to (stopping, a failure) is free for the next at once.
            await store.ReleaseClaimsAsync(worker, CancellationToken.None);
        }
        return batch.Count;
    }

    private async Task<DeliveryStore.Outcome> DeliverAsync(DeliveryRow delivery, MailSender.Session session, CancellationToken cancellationToken)
    {
        if (delivery.Channel == ChannelRules.Webhook)
        {
            return await CallWebhookAsync(delivery, cancellationToken);
        }
        var settings = email.Value;
        PersonDirectory.Recipient recipient;
        try
        {
            if (delivery.RecipientKind == NotificationRules.VendorSupportQueue)
            {
                recipient = new PersonDirectory.Recipient("Vendor support queue", settings.QueueAddress, "", Active: true);
            }
            else if (await people.FindAsync(Guid.Parse(delivery.RecipientId), cancellationToken) is { } person)
            {
                recipient = person;
            }
            else
            {
                return Skip("The person is not known to identity.");
            }
        }
        catch (RpcException exception)
        {
            return Failed(delivery, null, $"Identity did not answer ({exception.StatusCode}).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(delivery, null, $"The recipient could not be looked up: {exception.Message}");
        }
        if (!recipient.Active)
        {
            return Skip("The person is deactivated.");
        }
        var isSms = delivery.Channel == ChannelRules.Sms;
        var address = isSms ? recipient.Phone : recipient.Email;
        if (address.Length == 0)
        {
            return Skip(isSms ? "No phone number." : "No e-mail address.");
        }

        try
        {
            if (isSms)
            {
                await sms.SendAsync(address, SmsContent.Of(delivery.Subject, delivery.Urgency, delivery.CaseId, settings.PortalUrl), delivery.Id, cancellationToken);
            }
            else
            {
                await session.SendAsync(EmailMessages.Build(delivery, settings, recipient.DisplayName, address), cancellationToken);
            }
            logger.LogInformation("{Channel} {DeliveryId} ({EventType}) sent", delivery.Channel, delivery.Id, delivery.EventType);
            return new DeliveryStore.Outcome(DeliveryStore.Sent, "SENT", isSms ? "Accepted by the SMS provider." : "Accepted by the mail server.", address,
                clock.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (exception is SmsRefusedException || MailSender.IsPermanent(exception) || exception is MimeKit.ParseException)
            {
                logger.LogWarning("{Channel} {DeliveryId} refused: {Reason}", delivery.Channel, delivery.Id, exception.Message);
                return new DeliveryStore.Outcome(DeliveryStore.Dead, "REFUSED", exception.Message, address, clock.GetUtcNow());
            }
            return Failed(delivery, address, exception.Message);
        }

        DeliveryStore.Outcome Skip(string why) => new(DeliveryStore.Skipped, "SKIPPED", why, null, clock.GetUtcNow());
    }

    /// <summary>
    /// A webhook call: a 2xx is delivered; 410 Gone disables the endpoint and gives up; anything
    /// else is tried again, no sooner than the endpoint's Retry-After asks.
    /// </summary>
    private async Task<DeliveryStore.Outcome> CallWebhookAsync(DeliveryRow delivery, CancellationToken cancellationToken)
    {
        var endpoint = await endpoints.FindAsync(Guid.Parse(delivery.RecipientId), cancellationToken);
        if (endpoint is null || endpoint.State != WebhookStore.Active)
        {
            return new DeliveryStore.Outcome(DeliveryStore.Skipped, "SKIPPED", endpoint is null ? "The endpoint was deleted." : "The endpoint is disabled.",
                endpoint?.Url, clock.GetUtcNow());
        }
        WebhookSender.Answer answer;
        try
        {
            answer = await webhooks.SendAsync(endpoint, delivery, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(delivery, endpoint.Url, exception is TaskCanceledException ? "The endpoint did not answer in time." : exception.Message);
        }
        var status = $"HTTP {(int)answer.Status}";
        if ((int)answer.Status is >= 200 and < 300)
        {
            logger.LogInformation("Webhook {DeliveryId} ({EventType}) delivered: {Status}", delivery.Id, delivery.EventType, status);
            return new DeliveryStore.Outcome(DeliveryStore.Sent, "SENT", status, endpoint.Url, clock.GetUtcNow());
        }
        if (answer.Status == System.Net.HttpStatusCode.Gone)
        {
            await endpoints.DisableAsync(endpoint.Id, $"It answered 410 Gone at {clock.GetUtcNow():u}.", CancellationToken.None);
            logger.LogWarning("Webhook endpoint {EndpointId} answered 410 Gone: disabled", endpoint.Id);
            return new DeliveryStore.Outcome(DeliveryStore.Dead, "REFUSED", $"{status}: the endpoint is disabled.", endpoint.Url, clock.GetUtcNow());
        }
        var retryAfter = answer.RetryAfter is { } asked && asked > TimeSpan.Zero
            ? asked < webhookOptions.Value.MaxRetryAfter ? asked : webhookOptions.Value.MaxRetryAfter
            : (TimeSpan?)null;
        return Failed(delivery, endpoint.Url, status, retryAfter);
    }

    /// <summary>A failed attempt: tried again later (no sooner than <paramref name="retryAfter"/>), or dead-lettered after the last.</summary>
    private DeliveryStore.Outcome Failed(DeliveryRow delivery, string? address, string why, TimeSpan? retryAfter = null)
    {
        var attempt = delivery.Attempts + 1;
        var wait = RetrySchedule.Next(attempt, Random.Shared.NextDouble(), retryAfter);
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
