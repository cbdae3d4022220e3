using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// A person's notification preferences on stacks of their own whose services share one
/// <see cref="FakeTimeProvider"/>: quiet hours in the person's time zone that hold back all but a
/// page, a category turned off on a channel, and an hourly digest of what the person is only
/// informed of — read back from the mail server and the SMS sink as the person would.
/// </summary>
public sealed class NotificationPreferenceTests
{
    private static async Task<IReadOnlyList<Delivery>> DeliveriesAsync(ServiceStack stack, SignedIn reader, string caseId) =>
        (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = caseId, PageSize = 100 }, Bearer(reader.Token))).Deliveries;

    private static async Task<Delivery> DeliveryAsync(ServiceStack stack, SignedIn reader, string caseId, string eventType, Channel channel,
        Func<Delivery, bool> until)
    {
        Delivery? found = null;
        await EventuallyAsync(async () =>
        {
            found = (await DeliveriesAsync(stack, reader, caseId))
                .SingleOrDefault(d => d.EventType == eventType && d.Channel == channel && d.RecipientId == reader.Person.PersonId);
            return found is not null && until(found);
        }, $"the {eventType} {channel} delivery to {reader.Person.Email}");
        return found!;
    }

    private static IEnumerable<MimeMessage> MailAbout(ServiceStack stack, SignedIn person, string caseId) =>
        stack.Mail.To(person.Person.Email).Where(message => message.Headers["X-Support-Case"] == caseId);

    [Fact]
    public async Task QuietHours_HoldBackWhatIsNotCritical_UntilTheyEndInThePersonsZone_WhileAPageGetsThroughAtOnce_AndAnOptOutSkips()
    {
        // Tuesday 1 December 2026, 23:30 in Amsterdam.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 22, 30, 0, TimeSpan.Zero));
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock);
        var admin = await stack.AdminTokenAsync();
        var engineer = await stack.CreateVendorEngineerAsync();
        await OnCallSetup.RotateAsync(stack, admin, engineer);
        var organization = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));

        // Bad preferences: every mistake at once, and nothing changes.
        var refused = await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            Preferences = new NotificationPreferences
            {
                TimeZone = "Mars/Olympus_Mons", QuietHours = new QuietHours { Start = "22:00", End = "22:00" }, Digest = (DigestFrequency)9,
                DigestTime = "8am", OptOuts = { new ChannelOptOut { Category = NotificationCategory.Cases, Channel = Channel.InApp } },
            },
        }, Bearer(agent.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(["preferences.time_zone", "preferences.quiet_hours.end", "preferences.digest", "preferences.digest_time", "preferences.opt_outs[0].channel"],
            refused.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        var defaults = await stack.Notifications.GetNotificationPreferencesAsync(new GetNotificationPreferencesRequest(), Bearer(agent.Token));
        Assert.Equal(new NotificationPreferences { Digest = DigestFrequency.None, DigestTime = "08:00" }, defaults.Preferences);
        Assert.Equal("Europe/Amsterdam", defaults.EffectiveTimeZone); // the organisation's

        // The agent: quiet from 22:00 to 07:00 in her organisation's zone, and no comment e-mails.
        var agentChoice = new NotificationPreferences
        {
            QuietHours = new QuietHours { Start = "22:00", End = "07:00" }, Digest = DigestFrequency.None, DigestTime = "08:00",
            OptOuts = { new ChannelOptOut { Category = NotificationCategory.Comments, Channel = Channel.Email } },
        };
        var stored = await stack.Notifications.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest { Preferences = agentChoice },
            Bearer(agent.Token));
        Assert.Equal((agentChoice, "Europe/Amsterdam"), (stored.Preferences, stored.EffectiveTimeZone));
        Assert.Equal(agentChoice, (await stack.Notifications.GetNotificationPreferencesAsync(new GetNotificationPreferencesRequest(), Bearer(agent.Token)))
            .Preferences);
        // The engineer on call: quiet nearly all day in New York, and no on-call text messages.
        await stack.Notifications.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            Preferences = new NotificationPreferences
            {
                TimeZone = "America/New_York", QuietHours = new QuietHours { Start = "00:00", End = "23:59" },
                OptOuts = { new ChannelOptOut { Category = NotificationCategory.OnCall, Channel = Channel.Sms } },
            },
        }, Bearer(engineer.Token));

        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P1), Bearer(agent.Token))).Case;

        // The page is critical: e-mail and text message at once, whatever the engineer chose,
        // its time to acknowledge by shown in New York time.
        var pageSms = await DeliveryAsync(stack, engineer, submitted.CaseId, "PageTriggered", Channel.Sms, d => d.State == DeliveryState.Sent);
        var pageMail = await DeliveryAsync(stack, engineer, submitted.CaseId, "PageTriggered", Channel.Email, d => d.State == DeliveryState.Sent);
        var text = Assert.Single(stack.TextMessages(), message => message.Id.ToString() == pageSms.DeliveryId).Text;
        Assert.StartsWith("[CRITICAL] PAGE: ", text);
        Assert.Matches(@"Acknowledge before \d\d:\d\d UTC-05, or the next step is paged\.", text);
        var mail = Assert.Single(MailAbout(stack, engineer, submitted.CaseId));
        Assert.Equal($"{pageMail.DeliveryId.Replace("-", "")}@supportplatform", mail.MessageId);
        Assert.Contains("(America/New_York, UTC-05)", mail.TextBody);

        // The agent's own confirmation is not critical: it waits for 07:00 in Amsterdam, 06:00 UTC.
        var waiting = await DeliveryAsync(stack, agent, submitted.CaseId, "CaseSubmitted", Channel.Email, d => d.State == DeliveryState.Deferred);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 0, 0, TimeSpan.Zero), waiting.NextAttemptAt.ToDateTimeOffset());
        Assert.Equal(0, waiting.AttemptCount);
        Assert.Empty(MailAbout(stack, agent, submitted.CaseId));

        // A public comment by the engineer: her in-app notification is there, its e-mail skipped as she chose.
        await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = submitted.Version, Body = "Looking at the SBC now.", Visibility = CommentVisibility.Public,
        }, Bearer(engineer.Token));
        var skipped = await DeliveryAsync(stack, agent, submitted.CaseId, "CaseCommentAdded", Channel.Email, d => d.State == DeliveryState.Skipped);
        Assert.Equal("The person turned off COMMENTS notifications by EMAIL.", skipped.LastError);
        Assert.Contains((await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(agent.Token)))
            .Notifications, n => n.EventType == "CaseCommentAdded");

        // 07:00 in Amsterdam: the confirmation goes, once.
        clock.Advance(new DateTimeOffset(2026, 12, 2, 6, 0, 1, TimeSpan.Zero) - clock.GetUtcNow());
        agent = agent with { Token = await SignInAsync(stack, agent) };
        var sent = await DeliveryAsync(stack, agent, submitted.CaseId, "CaseSubmitted", Channel.Email, d => d.State == DeliveryState.Sent);
        Assert.Equal(1, sent.AttemptCount);
        // (The SLA clocks ran on meanwhile: her e-mail of the response breach came too.)
        Assert.Single(MailAbout(stack, agent, submitted.CaseId), message => message.Headers["X-Support-Event"] == "CaseSubmitted");
    }

    [Fact]
    public async Task WhatAPersonIsOnlyInformedOf_ComesInOneHourlyDigest_WhileWhatAsksForTheirInputComesAtOnce()
    {
        // Tuesday 1 December 2026, 10:10 in Amsterdam.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 10, 0, TimeSpan.Zero));
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock);
        var organization = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var colleague = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent, trainingExpires: clock.GetUtcNow().AddYears(1));
        var engineer = await stack.CreateVendorEngineerAsync();
        await stack.Notifications.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest
        {
            Preferences = new NotificationPreferences { Digest = DigestFrequency.Hourly },
        }, Bearer(colleague.Token));

        // The customer is I of L2-3 support: the colleague is informed of both cases and of the acknowledgement.
        var first = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(agent.Token))).Case;
        var second = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(agent.Token))).Case;
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = first.CaseId, Version = first.Version },
            Bearer(engineer.Token))).Case;
        // ... and asked for input when the vendor needs information: that comes at once.
        await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = first.CaseId, Version = acknowledged.Version, Question = "Which SBC firmware runs at the site?",
        }, Bearer(engineer.Token));
        await DeliveryAsync(stack, colleague, first.CaseId, "CaseCustomerInfoRequested", Channel.Email, d => d.State == DeliveryState.Sent);
        Assert.Single(MailAbout(stack, colleague, first.CaseId), message => message.Headers["X-Support-Event"] == "CaseCustomerInfoRequested");

        // The FYIs wait for 11:00 in Amsterdam (10:00 UTC).
        List<Delivery> held = [];
        (string CaseId, string EventType)[] events = [(first.CaseId, "CaseSubmitted"), (second.CaseId, "CaseSubmitted"), (first.CaseId, "CaseAcknowledged")];
        foreach (var (caseId, eventType) in events)
        {
            held.Add(await DeliveryAsync(stack, colleague, caseId, eventType, Channel.Email, d => d.State == DeliveryState.Held));
        }
        Assert.All(held, d => Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), d.NextAttemptAt.ToDateTimeOffset()));
        Assert.DoesNotContain(stack.Mail.To(colleague.Person.Email), message => message.Headers["X-Support-Event"] == "Digest");
        // The submitter takes no digest: her confirmations came one by one.
        Assert.Single(MailAbout(stack, agent, second.CaseId));

        // Changed preferences apply to what waits: a daily digest at 08:00 holds them until tomorrow
        // 08:00 in Amsterdam; back to hourly, until 11:00 again.
        // One call after another: the clock stands still, and concurrent first calls with a token
        // signed by a key the service has yet to fetch would wait on its refresh throttle for a
        // second that never passes.
        async Task<IReadOnlyList<Delivery>> StatusAsync()
        {
            List<Delivery> statuses = [];
            foreach (var delivery in held)
            {
                statuses.Add((await stack.Notifications.GetDeliveryStatusAsync(new GetDeliveryStatusRequest { DeliveryId = delivery.DeliveryId },
                    Bearer(colleague.Token))).Delivery);
            }
            return statuses;
        }
        async Task HeldAsync(DateTimeOffset until, string description) => await EventuallyAsync(async () =>
            (await StatusAsync()).All(d => d.State == DeliveryState.Held && d.NextAttemptAt.ToDateTimeOffset() == until), description);
        async Task ChooseAsync(DigestFrequency digest) => await stack.Notifications.UpdateNotificationPreferencesAsync(
            new UpdateNotificationPreferencesRequest { Preferences = new NotificationPreferences { Digest = digest, DigestTime = "08:00" } }, Bearer(colleague.Token));
        await ChooseAsync(DigestFrequency.Daily);
        await HeldAsync(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), "held for tomorrow's daily digest");
        await ChooseAsync(DigestFrequency.Hourly);
        await HeldAsync(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), "held for the hourly digest again");

        // 11:00: the mail server fails the digest once; it is tried again as one, all three waiting alike.
        stack.Mail.FailNext(colleague.Person.Email, 1);
        clock.Advance(new DateTimeOffset(2026, 12, 1, 10, 0, 1, TimeSpan.Zero) - clock.GetUtcNow());
        colleague = colleague with { Token = await SignInAsync(stack, colleague) };
        IReadOnlyList<Delivery> failed = [];
        await EventuallyAsync(async () => (failed = await StatusAsync()).All(d => d.AttemptCount == 1), "the failed digest");
        Assert.All(failed, d => Assert.Equal((DeliveryState.Held, "FAILED"), (d.State, d.Attempts.Single().Outcome)));
        Assert.Single(failed.Select(d => d.NextAttemptAt).Distinct());
        Assert.DoesNotContain(stack.Mail.To(colleague.Person.Email), message => message.Headers["X-Support-Event"] == "Digest");

        // Then one digest with all three, oldest first; each delivery records it.
        clock.Advance(failed[0].NextAttemptAt.ToDateTimeOffset() - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        await EventuallyAsync(() => Task.FromResult(stack.Mail.To(colleague.Person.Email).Any(m => m.Headers["X-Support-Event"] == "Digest")), "the digest");
        var digest = Assert.Single(stack.Mail.To(colleague.Person.Email), message => message.Headers["X-Support-Event"] == "Digest");
        Assert.Equal(("3", "Your hourly support digest: 3 notifications"), (digest.Headers["X-Support-Digest"], digest.Subject));
        // Oldest notification first (the consumers may have written them in another order than the
        // events were raised); its delivery's id makes the Message-ID, so a retry is recognisable.
        var positions = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { PageSize = 100 }, Bearer(colleague.Token)))
            .Notifications.ToDictionary(n => n.NotificationId, n => n.Position);
        var oldestFirst = held.Zip(events).OrderBy(pair => positions[pair.First.NotificationId]).ToList();
        Assert.Equal($"digest-{Guid.Parse(oldestFirst[0].First.DeliveryId):N}@supportplatform", digest.MessageId);
        var text = digest.TextBody!;
        for (var index = 0; index < oldestFirst.Count; index++)
        {
            var start = text.IndexOf($"\n{index + 1}. ", StringComparison.Ordinal);
            var end = index + 1 < oldestFirst.Count ? text.IndexOf($"\n{index + 2}. ", StringComparison.Ordinal) : text.Length;
            Assert.True(start >= 0 && end > start, text);
            var (caseId, eventType) = oldestFirst[index].Second;
            var item = text[start..end];
            Assert.Contains(eventType == "CaseSubmitted" ? "P3 case submitted: " : "Case acknowledged: ", item);
            Assert.Contains($"https://portal.test/cases/{caseId}", item);
        }
        Assert.Contains("<ol>", digest.HtmlBody);
        foreach (var status in await StatusAsync())
        {
            Assert.Equal(DeliveryState.Sent, status.State);
            Assert.Equal(["FAILED", "SENT"], status.Attempts.Select(a => a.Outcome));
            Assert.StartsWith("Accepted by the mail server in a digest of 3", status.Attempts[1].Detail);
        }
        // Nothing else went to the colleague: the digest and the request for input.
        Assert.Equal(2, stack.Mail.To(colleague.Person.Email).Count);
    }
}
