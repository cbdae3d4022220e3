using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Rca.V1;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// The whole stack as a developer runs it: the AppHost with its broker (a private rabbitmq-server
/// here, a container where Docker runs), five services and their SQLite files in a fresh folder.
/// </summary>
public sealed class AppHostTests(ITestOutputHelper output)
{
    /// <summary>The on-call schedule the escalation service seeds for Premium Plus P1s.</summary>
    private const string P1Schedule = "00000000-0000-4000-8000-000000024007";

    [Fact]
    public async Task P1Case_PagesTheOnCallEngineer_HasItsHotlineCallRecorded_AndIsFollowedThroughResolution_ToSla_Rca_AndNotificationsOnEveryChannel_WithNoErrorLogged()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var stack = await RunningStack.StartAsync(timeout.Token);
        var (app, data, clients) = (stack.App, stack.DataDirectory, stack.Clients);

        var organization = await clients.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await clients.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var engineer = await clients.CreateVendorEngineerAsync();
        // The engineer takes the seeded 24x7 rotation (daily turns, UTC, starting yesterday).
        var admin = await clients.AdminTokenAsync();
        var seeded = (await clients.OnCall.GetScheduleAsync(new GetScheduleRequest { ScheduleId = P1Schedule }, Bearer(admin))).Schedule;
        await clients.OnCall.UpdateScheduleAsync(new UpdateScheduleRequest
        {
            ScheduleId = P1Schedule, Name = seeded.Name, TimeZone = "UTC", ExpectedVersion = seeded.Version,
            Layers =
            {
                new OnCallLayer
                {
                    Name = "Engineers", ParticipantIds = { engineer.Person.PersonId }, RotationHours = 24, HandoffTime = "00:00",
                    StartDate = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"),
                },
            },
        }, Bearer(admin));

        // The customer's integration: an endpoint registered through the API, on a receiver of this test.
        await using var receiver = await WebhookReceiver.StartAsync();
        var customerAdmin = await clients.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var webhook = await clients.Notifications.RegisterWebhookEndpointAsync(new RegisterWebhookEndpointRequest
        {
            OrganizationId = organization.OrganizationId, Url = receiver.Url("/support-events"), EventTypes = { "CaseResolved" },
        }, Bearer(customerAdmin.Token));

        var trail = await clients.FollowP1IncidentAsync(agent, engineer, TimeSpan.FromSeconds(30));

        // The Premium Plus P1 paged the engineer on call; the customer's hotline call is recorded against it.
        Page? page = null;
        await WaitUntilAsync(async () => (page = (await clients.Paging.ListPagesAsync(new ListPagesRequest { CaseId = trail.Submitted.CaseId },
                Bearer(engineer.Token))).Pages.SingleOrDefault()) is { Steps.Count: > 0 },
            TimeSpan.FromSeconds(30), "the P1 page");
        Assert.Equal([engineer.Person.PersonId], page!.Steps[0].PersonIds);
        var call = (await clients.Escalations.RecordHotlineCallAsync(new RecordHotlineCallRequest
        {
            CaseId = trail.Submitted.CaseId, CallerName = "Lin", CalledAt = trail.Submitted.CreatedAt,
        }, Bearer(engineer.Token))).Call;
        Assert.Equal([call], (await clients.Escalations.ListHotlineCallsAsync(new ListHotlineCallsRequest { CaseId = trail.Submitted.CaseId },
            Bearer(agent.Token))).Calls);

        Assert.Equal(CaseStatus.Resolved, trail.Resolved.Status);
        Assert.Equal(TimeSpan.FromMinutes(30), trail.Sla.Response.Target.ToTimeSpan());
        Assert.Equal(TargetState.Met, trail.Sla.Response.State);
        Assert.Equal(TargetState.Met, trail.Sla.Resolution.State);
        Assert.Equal(RcaState.Required, trail.Rca.State);
        Assert.Equal(SupportPlatform.Common.V1.Party.Vendor, trail.Rca.Owner);
        Assert.Equal([trail.Submitted.CaseId], trail.Rca.CaseIds);
        Assert.Equal(P1NotificationTypes, trail.SubmitterNotifications.Select(n => n.EventType).Order());
        Assert.Equal(P1NotificationTypes, trail.QueueNotifications.Select(n => n.EventType).Order());
        // The engineer on call was paged, critically.
        var paged = (await clients.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = trail.Submitted.CaseId }, Bearer(engineer.Token)))
            .Notifications.Single(n => n.EventType == "PageTriggered");
        Assert.Equal((RecipientKind.Person, engineer.Person.PersonId, Urgency.Critical), (paged.RecipientKind, paged.RecipientId, paged.Urgency));
        // ... and got a text message of it: the development SMS provider's sink, beside the databases.
        var smsSink = Path.Combine(data, "sms-outbox.jsonl");
        await WaitUntilAsync(() => Task.FromResult(File.Exists(smsSink) && File.ReadAllLines(smsSink).Select(line => JsonDocument.Parse(line).RootElement)
                .Any(sms => sms.GetProperty("to").GetString() == engineer.Person.Phone && sms.GetProperty("text").GetString()!.StartsWith("[CRITICAL] PAGE: ", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the engineer's text message of the page");

        // The resolution reached the customer's webhook receiver, signed with the endpoint's secret.
        await WaitUntilAsync(() => Task.FromResult(receiver.Calls.Any(call => call.Type == "CaseResolved")), TimeSpan.FromSeconds(30), "the webhook call");
        var resolvedCall = receiver.Calls.Single(call => call.Type == "CaseResolved");
        Assert.True(resolvedCall.IsSignedWith(webhook.Secret));
        Assert.Equal(trail.Submitted.CaseId, resolvedCall.Payload.GetProperty("data").GetProperty("case_id").GetString());

        // The submitter's mailbox: the AppHost's development mail server (smtp4dev) received the
        // resolution's e-mail, which a mail client shows as plain text or HTML.
        using var inbox = new HttpClient { BaseAddress = app.GetEndpoint("mail", "inbox") };
        JsonElement resolvedMail = default;
        await WaitUntilAsync(async () =>
        {
            var listed = await inbox.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=100", timeout.Token);
            resolvedMail = listed.GetProperty("results").EnumerateArray().FirstOrDefault(message =>
                message.GetProperty("to").ToString().Contains(agent.Person.Email, StringComparison.OrdinalIgnoreCase)
                && message.GetProperty("subject").GetString()!.StartsWith("Case resolved: ", StringComparison.Ordinal));
            return resolvedMail.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the submitter's e-mail of the resolution");
        var mailId = resolvedMail.GetProperty("id").GetString();
        var headers = (await inbox.GetFromJsonAsync<JsonElement>($"/api/messages/{mailId}", timeout.Token)).GetProperty("headers").EnumerateArray()
            .ToDictionary(header => header.GetProperty("name").GetString()!, header => header.GetProperty("value").GetString()!, StringComparer.OrdinalIgnoreCase);
        Assert.Equal((trail.Submitted.CaseId, "CaseResolved"), (headers["X-Support-Case"], headers["X-Support-Event"]));
        Assert.Contains("Check with your end-users, then close it.", await inbox.GetStringAsync($"/api/messages/{mailId}/plaintext", timeout.Token));
        Assert.Contains("<p>Hello ", await inbox.GetStringAsync($"/api/messages/{mailId}/html", timeout.Token));

        // Past resolution: the engineer finds the customer's SBC behind it, so the customer owns the
        // RCA; the customer writes it, the vendor reviews it, the customer publishes it.
        var rca = (await clients.Rcas.AttributeCauseAsync(new AttributeCauseRequest
        {
            RcaId = trail.Rca.RcaId, ExpectedVersion = trail.Rca.Version, Cause = CauseAttribution.Sbc,
            Justification = "The SBC's trace shows it dropped the session refresh after a firmware update.",
        }, Bearer(engineer.Token))).Rca;
        Assert.Equal((SupportPlatform.Common.V1.Party.Customer, SupportPlatform.Common.V1.Party.Vendor), (rca.Owner, rca.Reviewer));
        var started = trail.Submitted.CreatedAt.ToDateTimeOffset().AddHours(-1);
        rca = (await clients.Rcas.UpdateRcaAnalysisAsync(new UpdateRcaAnalysisRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version,
            Analysis = new RcaAnalysis
            {
                Summary = "Inbound calls dropped after thirty seconds for an hour.",
                Impact = new CustomerImpact
                {
                    Description = "The contact centre could not take calls.", AffectedUsers = 120,
                    StartedAt = Timestamp.FromDateTimeOffset(started), EndedAt = trail.Resolved.ResolvedAt,
                },
                Detection = "Agents reported dropped calls.",
                Trigger = "The SBC's firmware update at 08:00.",
                ContributingFactors = { "The firmware went to every site at once." },
                RootCause = "The new SBC firmware drops sessions that refresh without a timer header.",
                Resolution = "The firmware was rolled back.",
            },
        }, Bearer(agent.Token))).Rca;
        rca = (await clients.Rcas.AddTimelineEntryAsync(new AddTimelineEntryRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version, OccurredAt = Timestamp.FromDateTimeOffset(started), Description = "SBC firmware 9.1 installed.",
        }, Bearer(agent.Token))).Rca;
        rca = (await clients.Rcas.AddRcaActionAsync(new AddRcaActionRequest
        {
            RcaId = rca.RcaId, ExpectedVersion = rca.Version,
            Action = new RcaAction
            {
                Type = ActionType.Preventive, Description = "Roll SBC firmware out one site at a time.", OwnerParty = SupportPlatform.Common.V1.Party.Customer,
                OwnerPersonId = agent.Person.PersonId, DueAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(30)),
            },
        }, Bearer(agent.Token))).Rca;
        rca = (await clients.Rcas.SubmitRcaForReviewAsync(new SubmitRcaForReviewRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token))).Rca;
        rca = (await clients.Rcas.ApproveRcaAsync(new ApproveRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(engineer.Token))).Rca;
        rca = (await clients.Rcas.PublishRcaAsync(new PublishRcaRequest { RcaId = rca.RcaId, ExpectedVersion = rca.Version }, Bearer(agent.Token))).Rca;
        Assert.Equal(RcaState.Published, rca.State);
        Assert.Contains(rca.Timeline, entry => entry.Source == TimelineSource.CaseHistory && entry.Description.StartsWith("The vendor resolved", StringComparison.Ordinal));
        var document = await clients.Rcas.RenderRcaAsync(new RenderRcaRequest { RcaId = rca.RcaId }, Bearer(agent.Token));
        Assert.Contains("## Root cause", document.Markdown);
        Assert.Contains("<td>SBC firmware 9.1 installed.</td>", document.Html);

        // A clean start and a case's whole way: nothing any service logged is an Error.
        await stack.AssertNoErrorLoggedAsync(output);
    }
}
