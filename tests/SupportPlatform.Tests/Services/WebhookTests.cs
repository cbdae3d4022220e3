using System.Net;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Webhooks to a real HTTP receiver, on a stack of its own whose services share one
/// <see cref="FakeTimeProvider"/> (configured for development: the receiver is on loopback):
/// signed per Standard Webhooks, retried per Retry-After and back-off, filtered by event type,
/// signed with both secrets during a rotation, disabled on 410, replayable.
/// </summary>
public sealed class WebhookTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static async Task<Delivery> WebhookDeliveryAsync(ServiceStack stack, string token, string caseId, string eventType, string endpointId,
        Func<Delivery, bool> until, string description)
    {
        Delivery? found = null;
        await EventuallyAsync(async () =>
        {
            found = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = caseId, PageSize = 100 }, Bearer(token))).Deliveries
                .SingleOrDefault(d => d.Channel == Channel.Webhook && d.EventType == eventType && d.RecipientId == endpointId);
            return found is not null && until(found);
        }, description);
        return found!;
    }

    [Fact]
    public async Task AWebhook_IsSigned_RetriedAsTheReceiverAsks_FilteredByType_DisabledOnGone_AndReplayable()
    {
        var clock = new FakeTimeProvider(Start);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, settings: new Dictionary<string, string?>
        {
            ["Notification:Webhooks:AllowPrivateAddresses"] = "true",
        }, clock: clock);
        await using var receiver = await WebhookReceiver.StartAsync();
        var customer = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var admin = await stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);
        var agent = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();

        var registered = await stack.Notifications.RegisterWebhookEndpointAsync(new RegisterWebhookEndpointRequest
        {
            OrganizationId = customer.OrganizationId, Url = receiver.Url("/hooks"), EventTypes = { "CaseSubmitted", "CaseResolved" },
            Description = "Our ITSM tool",
        }, Bearer(admin.Token));
        Assert.StartsWith("whsec_", registered.Secret);
        var endpointId = registered.Endpoint.EndpointId;
        receiver.Script("/hooks", (503, "90"), (500, null));

        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(agent.Token))).Case;

        // 503 with Retry-After: 90 s, longer than the back-off's 30 s, so 90 s it is.
        var first = await WebhookDeliveryAsync(stack, admin.Token, submitted.CaseId, "CaseSubmitted", endpointId, d => d.AttemptCount == 1, "the first call");
        Assert.Equal((DeliveryState.Retrying, "HTTP 503"), (first.State, first.LastError));
        Assert.Equal(TimeSpan.FromSeconds(90), first.NextAttemptAt.ToDateTimeOffset() - clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(91));
        var second = await WebhookDeliveryAsync(stack, admin.Token, submitted.CaseId, "CaseSubmitted", endpointId, d => d.AttemptCount == 2, "the second call");
        Assert.InRange(second.NextAttemptAt.ToDateTimeOffset() - clock.GetUtcNow(), TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(72));
        clock.Advance(TimeSpan.FromSeconds(75));
        var sent = await WebhookDeliveryAsync(stack, admin.Token, submitted.CaseId, "CaseSubmitted", endpointId, d => d.State == DeliveryState.Sent, "the third call");

        // Three calls, one webhook-id, each signed with the endpoint's secret; the body is the customer's text.
        var calls = receiver.Calls.Where(call => call.Path == "/hooks").ToList();
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call => Assert.Equal(sent.DeliveryId, call.Id));
        Assert.All(calls, call => Assert.True(call.IsSignedWith(registered.Secret)));
        var payload = calls[0].Payload;
        Assert.Equal("CaseSubmitted", calls[0].Type);
        Assert.Equal((submitted.CaseId, customer.OrganizationId), (payload.GetProperty("data").GetProperty("case_id").GetString(),
            payload.GetProperty("data").GetProperty("organization_id").GetString()));
        Assert.Equal($"P3 case submitted: {submitted.Details.Title}", payload.GetProperty("data").GetProperty("subject").GetString());

        // The secret is rotated with an overlap: the next call carries both signatures. An endpoint
        // that answers 410 is disabled. An acknowledgement is not among the endpoint's types.
        var rotated = await stack.Notifications.RotateWebhookSecretAsync(new RotateWebhookSecretRequest { EndpointId = endpointId, OverlapMinutes = 60 },
            Bearer(admin.Token));
        Assert.NotEqual(registered.Secret, rotated.Secret);
        var gone = await stack.Notifications.RegisterWebhookEndpointAsync(new RegisterWebhookEndpointRequest
        {
            OrganizationId = customer.OrganizationId, Url = receiver.Url("/gone"),
        }, Bearer(admin.Token));
        receiver.Always("/gone", HttpStatusCode.Gone);
        var engineerToken = await SignInAsync(stack, engineer);
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version },
            Bearer(engineerToken))).Case;
        await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, ResolutionSummary = "Restarted the media relay in the tenant.",
            Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineerToken));

        await WebhookDeliveryAsync(stack, admin.Token, submitted.CaseId, "CaseResolved", endpointId, d => d.State == DeliveryState.Sent, "the resolution's call");
        var resolvedCall = receiver.Calls.Single(call => call.Path == "/hooks" && call.Type == "CaseResolved");
        Assert.Equal(2, resolvedCall.Signature.Split(' ').Length);
        Assert.True(resolvedCall.IsSignedWith(rotated.Secret));
        Assert.True(resolvedCall.IsSignedWith(registered.Secret));
        // The gone endpoint takes every event type: its first call got 410 and disabled it, its other deliveries are skipped.
        IReadOnlyList<Delivery> toGone = [];
        await EventuallyAsync(async () =>
        {
            toGone = [.. (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = submitted.CaseId, PageSize = 100 }, Bearer(admin.Token)))
                .Deliveries.Where(d => d.RecipientId == gone.Endpoint.EndpointId)];
            return toGone.Count == 2 && toGone.All(d => d.State is DeliveryState.Dead or DeliveryState.Skipped);
        }, "the gone endpoint's deliveries are finished");
        Assert.Equal("HTTP 410: the endpoint is disabled.", Assert.Single(toGone, d => d.State == DeliveryState.Dead).LastError);
        Assert.Equal("The endpoint is disabled.", Assert.Single(toGone, d => d.State == DeliveryState.Skipped).LastError);
        Assert.Single(receiver.Calls, call => call.Path == "/gone");
        var endpoints = (await stack.Notifications.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest { OrganizationId = customer.OrganizationId },
            Bearer(admin.Token))).Endpoints;
        Assert.Equal(WebhookEndpointState.Disabled, endpoints.Single(e => e.EndpointId == gone.Endpoint.EndpointId).State);
        Assert.Equal(WebhookEndpointState.Active, endpoints.Single(e => e.EndpointId == endpointId).State);
        await EventuallyAsync(async () => (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId },
            Bearer(agent.Token))).Notifications.Any(n => n.EventType == "CaseAcknowledged"), "the acknowledgement's notifications");
        var all = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = submitted.CaseId, PageSize = 100 }, Bearer(admin.Token))).Deliveries;
        Assert.DoesNotContain(all, d => d.RecipientId == endpointId && d.EventType == "CaseAcknowledged");

        // Replayed, the submission goes out once more with the same webhook-id.
        var replayed = await stack.Notifications.ReplayDeliveryAsync(new ReplayDeliveryRequest { DeliveryId = sent.DeliveryId }, Bearer(admin.Token));
        Assert.Equal(DeliveryState.Pending, replayed.Delivery.State);
        await EventuallyAsync(() => Task.FromResult(receiver.Calls.Count(call => call.Id == sent.DeliveryId) == 4), "the replayed call");
        var again = await WebhookDeliveryAsync(stack, admin.Token, submitted.CaseId, "CaseSubmitted", endpointId, d => d.State == DeliveryState.Sent && d.AttemptCount == 4,
            "the replay's outcome");
        Assert.Equal(4, again.AttemptCount);
    }
}
