using Grpc.Core;
using Microsoft.Extensions.Options;
using NodaTime;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.Notification.Data;
using SupportPlatform.Notification.Domain;

namespace SupportPlatform.Notification.Channels;

/// <summary>
/// Sends due deliveries, by e-mail, SMS or webhook: claims a batch (each row for <see cref="DeliveryOptions.Claim"/>, so a
/// replica that dies mid-delivery leaves it to another after that), sends each, and records the
/// outcome and the attempt. A failure is tried again on <see cref="RetrySchedule"/>; a permanent
/// refusal, or the last failed attempt, leaves the delivery DEAD (dead-lettered, visible in
/// ListDeliveries); a recipient without an address is SKIPPED. A person's preferences
/// (<see cref="DeliveryTiming"/>) may skip a delivery, let it wait for the end of their quiet
/// hours (DEFERRED), or hold an FYI e-mail for their digest (HELD): when a held delivery comes
/// due, every held one of the person goes out in one digest e-mail. The text is rendered from
/// <see cref="NotificationTemplates"/> with times in the recipient's time zone. Woken when a
/// consumer commits new deliveries, otherwise every <see cref="DeliveryOptions.PollInterval"/>; "due" is read from the
/// injected clock. Finished deliveries are deleted after <see cref="DeliveryOptions.Retention"/>.
/// </summary>
public sealed class DeliveryWorker(
    DeliveryStore store, PersonDirectory people, PreferenceStore preferences, NotificationTemplates templates, MailSender mail, ISmsProvider sms,
    WebhookStore endpoints, WebhookSender webhooks, DeliverySignal signal, IOptions<EmailOptions> email, IOptions<WebhookOptions> webhookOptions,
    IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<DeliveryWorker> logger) : BackgroundService
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
                // Null: the delivery waits (quiet hours, a digest), or went out in a digest already recorded.
                if (await DeliverAsync(delivery, session, settings, cancellationToken) is not { } outcome)
                {
                    continue;
                }
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

    private async Task<DeliveryStore.Outcome?> DeliverAsync(DeliveryRow delivery, MailSender.Session session, DeliveryOptions options,
        CancellationToken cancellationToken)
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

        var zone = LocalTimes.Zone(settings.QueueTimeZone);
        if (delivery.RecipientKind == NotificationRules.Person)
        {
            var chosen = await preferences.GetAsync(Guid.Parse(delivery.RecipientId), cancellationToken);
            zone = LocalTimes.Zone(chosen.TimeZone.Length > 0 ? chosen.TimeZone : recipient.TimeZone);
            var now = clock.GetUtcNow();
            var decision = DeliveryTiming.Decide(chosen, zone, delivery.Channel, delivery.EventType, delivery.Urgency, delivery.Purpose,
                delivery.State == DeliveryStore.Held, Instant.FromDateTimeOffset(now));
            switch (decision.Action)
            {
                case DeliveryTiming.Skip:
                    return Skip(decision.Why!);
                case DeliveryTiming.Hold or DeliveryTiming.Defer:
                    var state = decision.Action == DeliveryTiming.Hold || delivery.State == DeliveryStore.Held ? DeliveryStore.Held : DeliveryStore.Deferred;
                    await store.WaitAsync(delivery.Id, worker, state, decision.Until!.Value.ToDateTimeOffset(), CancellationToken.None);
                    return null;
                case DeliveryTiming.Send when delivery.State == DeliveryStore.Held:
                    await SendDigestAsync(delivery, recipient, address, chosen, zone, session, options, cancellationToken);
                    return null;
            }
        }

        try
        {
            var view = View(delivery, recipient.DisplayName, zone);
            if (isSms)
            {
                await sms.SendAsync(address, SmsContent.Fit(templates.TextMessage(view), view.Link), delivery.Id, cancellationToken);
            }
            else
            {
                await session.SendAsync(EmailMessages.Build(delivery, templates.Email(view), settings, recipient.DisplayName, address), cancellationToken);
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
    /// A digest: every held e-mail of the recipient that is due, claimed together and sent as one
    /// message (its Message-ID made from the first delivery's id); each delivery records the
    /// attempt. A failure leaves them held, tried again on the usual schedule. One whose category
    /// the person turned off meanwhile is skipped.
    /// </summary>
    private async Task SendDigestAsync(DeliveryRow first, PersonDirectory.Recipient recipient, string address, NotificationPreferences chosen,
        DateTimeZone zone, MailSender.Session session, DeliveryOptions options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await store.ClaimDigestAsync(worker, first.RecipientId, first.Channel, now, now + options.Claim, cancellationToken);
        List<(DeliveryRow Item, DeliveryStore.Outcome Outcome)> outcomes = [];
        List<DeliveryRow> items = [];
        foreach (var item in claimed)
        {
            if (DeliveryTiming.TurnedOff(chosen, item.EventType, item.Channel) is { } why)
            {
                outcomes.Add((item, new DeliveryStore.Outcome(DeliveryStore.Skipped, "SKIPPED", why, null, now)));
            }
            else
            {
                items.Add(item);
            }
        }
        if (items.Count > 0)
        {
            outcomes.AddRange(await SendDigestAsync(items, recipient, address, chosen.Digest, zone, session, cancellationToken));
        }
        foreach (var (item, outcome) in outcomes)
        {
            // Recorded even while stopping, as a single e-mail's outcome is.
            await store.FinishAsync(item, worker, outcome, clock.GetUtcNow(), CancellationToken.None);
        }
    }

    /// <summary>Sends the digest of <paramref name="items"/> and returns each one's outcome.</summary>
    private async Task<IReadOnlyList<(DeliveryRow Item, DeliveryStore.Outcome Outcome)>> SendDigestAsync(IReadOnlyList<DeliveryRow> items,
        PersonDirectory.Recipient recipient, string address, string frequency, DateTimeZone zone, MailSender.Session session,
        CancellationToken cancellationToken)
    {
        var digest = new DigestView(recipient.DisplayName, frequency, [.. items.Select(item => View(item, recipient.DisplayName, zone))]);
        try
        {
            await session.SendAsync(EmailMessages.Digest(items, templates.DigestEmail(digest), email.Value, recipient.DisplayName, address), cancellationToken);
            logger.LogInformation("Digest of {Count} e-mails to person {PersonId} sent", items.Count, items[0].RecipientId);
            var sent = new DeliveryStore.Outcome(DeliveryStore.Sent, "SENT",
                $"Accepted by the mail server in a digest of {items.Count} (Message-ID digest-{items[0].Id:N}).", address, clock.GetUtcNow());
            return [.. items.Select(item => (item, sent))];
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (MailSender.IsPermanent(exception) || exception is MimeKit.ParseException)
            {
                var refused = new DeliveryStore.Outcome(DeliveryStore.Dead, "REFUSED", exception.Message, address, clock.GetUtcNow());
                return [.. items.Select(item => (item, refused))];
            }
            // Tried again as one digest: a single outcome (one wait, counted from the item tried most) for all.
            var failed = Failed(items.MaxBy(item => item.Attempts)!, address, exception.Message);
            return [.. items.Select(item => (item, failed))];
        }
    }

    /// <summary>What the templates read of a delivery, for a recipient in a time zone.</summary>
    private MessageView View(DeliveryRow delivery, string recipientName, DateTimeZone zone) =>
        MessageView.Of(recipientName, delivery.EventType, delivery.Subject, delivery.Body, delivery.Urgency, delivery.Purpose, delivery.CaseId,
            delivery.RcaId, delivery.DueAt, zone, email.Value.PortalUrl, delivery.LinkPath);

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

    /// <summary>
    /// A failed attempt: tried again later (no sooner than <paramref name="retryAfter"/>), or
    /// dead-lettered after the last. A delivery waiting for its digest stays HELD, so that it is
    /// tried again as part of the digest it belongs to.
    /// </summary>
    private DeliveryStore.Outcome Failed(DeliveryRow delivery, string? address, string why, TimeSpan? retryAfter = null)
    {
        var attempt = delivery.Attempts + 1;
        var wait = RetrySchedule.Next(attempt, Random.Shared.NextDouble(), retryAfter);
        logger.LogWarning("Delivery {DeliveryId} attempt {Attempt} failed: {Reason}{Next}", delivery.Id, attempt, why,
            wait is null ? "; given up" : $"; trying again in {wait}");
        return wait is { } next
            ? new DeliveryStore.Outcome(delivery.State == DeliveryStore.Held ? DeliveryStore.Held : DeliveryStore.Retrying, "FAILED", why, address,
                clock.GetUtcNow() + next)
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
