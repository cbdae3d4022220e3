using System.Text.RegularExpressions;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Two replicas of the notification service on one database and broker, on a stack of their own
/// (configured for development: the webhook receiver is on loopback): their consumers share the
/// queues and both delivery workers claim from one table. A burst of cases through the real
/// services is told to everyone once, and every e-mail, SMS and webhook call goes out once.
/// </summary>
public sealed partial class NotificationReplicaTests
{
    private const int CaseCount = 16;

    /// <summary>A customer organisation with two submitters and the path its webhook endpoint receives at.</summary>
    private sealed record Customer(string OrganizationId, SignedIn[] Submitters, SignedIn Admin, string HookPath, string Secret);

    /// <summary>One case of the burst and the events its submitter must be told of.</summary>
    private sealed record Followed(string CaseId, SignedIn Submitter, IReadOnlyList<string> ToldToSubmitter);

    [Fact]
    public async Task ABurstOfCases_WithTwoReplicas_IsNotifiedOncePerRecipient_AndEachEmailSmsAndWebhookGoesOutOnce()
    {
        var primaryLogs = new LogCapture();
        var replicaLogs = new LogCapture();
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, primaryLogs, new Dictionary<string, string?>
        {
            ["Notification:Webhooks:AllowPrivateAddresses"] = "true",
        });
        stack.StartNotificationReplica(replicaLogs);
        await using var receiver = await WebhookReceiver.StartAsync();
        Customer[] customers =
        [
            await CustomerAsync(stack, receiver, SupportPlan.PremiumPlus, "/hooks/a"),
            await CustomerAsync(stack, receiver, SupportPlan.Premium, "/hooks/b"),
        ];
        SignedIn[] engineers = [await stack.CreateVendorEngineerAsync(), await stack.CreateVendorEngineerAsync()];

        // The burst: six cases at a time, each submitted, acknowledged, commented on by both sides,
        // some escalated, the P1s asked a question and answered, and all resolved.
        var followed = new Followed[CaseCount];
        await Parallel.ForEachAsync(Enumerable.Range(0, CaseCount), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (index, _) =>
        {
            var customer = customers[index % customers.Length];
            followed[index] = await FollowCaseAsync(stack, index, customer.Submitters[index / 2 % 2], engineers[index % engineers.Length]);
        });

        // Settled: every submitter was told of every event of its case, no delivery waits for an
        // attempt, and nothing changed for a second (a second copy arrives right behind the first).
        var notificationDb = stack.DatabaseFile("notificationdb");
        var lastChange = DateTime.UtcNow;
        (long Notifications, long Deliveries, long Waiting, int Mails, int Texts, int Calls)? last = null;
        // What the wait still lacks, for the failure message: which notification, or which counts.
        var lacking = "";
        var settled = WaitUntilAsync(async () =>
        {
            foreach (var submitter in followed.Select(f => f.Submitter).DistinctBy(s => s.Person.PersonId))
            {
                var told = (await AllNotificationsAsync(stack, submitter)).Select(n => (n.CaseId, n.EventType)).ToHashSet();
                var missing = followed.Where(f => f.Submitter == submitter)
                    .SelectMany(f => f.ToldToSubmitter.Where(type => !told.Contains((f.CaseId, type))).Select(type => $"{type} of {f.CaseId}")).ToList();
                if (missing.Count > 0)
                {
                    lacking = $"{submitter.Person.Email} was not told of {string.Join(", ", missing)}";
                    return false;
                }
            }
            var state = (
                Notifications: await Sql.CountAsync(notificationDb, "SELECT COUNT(*) FROM notifications"),
                Deliveries: await Sql.CountAsync(notificationDb, "SELECT COUNT(*) FROM deliveries"),
                Waiting: await Sql.CountAsync(notificationDb, "SELECT COUNT(*) FROM deliveries WHERE state IN ('PENDING', 'RETRYING')"),
                Mails: stack.Mail.Messages.Count, Texts: stack.TextMessages().Count, Calls: receiver.Calls.Count);
            lacking = $"deliveries still waiting or counts still moving: {state}";
            if (state != last)
            {
                (last, lastChange) = (state, DateTime.UtcNow);
                return false;
            }
            return state.Waiting == 0 && DateTime.UtcNow - lastChange > TimeSpan.FromSeconds(1);
        }, TimeSpan.FromSeconds(300), "every event of the burst is notified and delivered");
        try
        {
            await settled;
        }
        catch (Xunit.Sdk.FailException failure)
        {
            // What went wrong on the way, for a run that cannot be repeated: every warning and
            // error the stack's services and the second replica logged.
            var problems = primaryLogs.Entries.Select(entry => $"[stack] {entry}")
                .Concat(replicaLogs.Entries.Select(entry => $"[replica] {entry}"))
                .Where(entry => entry.Contains("] Warning ", StringComparison.Ordinal) || entry.Contains("] Error ", StringComparison.Ordinal)
                    || entry.Contains("] Critical ", StringComparison.Ordinal))
                .Take(40).Select(entry => entry.Length > 2000 ? entry[..2000] + "…" : entry);
            Assert.Fail($"{failure.Message} Last seen: {lacking}.{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }

        // Everyone sees each event once: no person, nor the vendor's queue, has two notifications
        // of one event (the events' texts differ: each comment of the burst is its own).
        SignedIn[] everyone = [.. customers.SelectMany(c => c.Submitters.Append(c.Admin)), .. engineers];
        foreach (var person in everyone)
        {
            var twice = (await AllNotificationsAsync(stack, person))
                .GroupBy(n => (n.RecipientKind, n.RecipientId, n.CaseId, n.EventType, n.Subject, n.Body)).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.Empty(twice);
        }

        // Every delivery was sent at its first and only attempt.
        var deliveries = await AllDeliveriesAsync(stack, engineers[0]);
        Assert.All(deliveries, d => Assert.Equal((DeliveryState.Sent, 1), (d.State, d.AttemptCount)));
        Assert.Equal(0, await Sql.CountAsync(notificationDb,
            "SELECT COUNT(*) FROM (SELECT delivery_id FROM delivery_attempts GROUP BY delivery_id HAVING COUNT(*) > 1)"));
        HashSet<string> Ids(Channel channel) => [.. deliveries.Where(d => d.Channel == channel).Select(d => d.DeliveryId)];

        // The mail server took one message per e-mail delivery, no Message-ID twice.
        var mails = stack.Mail.Messages;
        var emails = Ids(Channel.Email);
        Assert.NotEmpty(emails);
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(emails.Select(id => $"{Guid.Parse(id):N}@supportplatform").Order(), mails.Select(m => m.MessageId).Order());

        // The SMS provider took one text message per SMS delivery.
        var texts = stack.TextMessages();
        var sms = Ids(Channel.Sms);
        Assert.NotEmpty(sms);
        Assert.Equal(sms.Select(Guid.Parse).Order(), texts.Select(t => t.Id).Order());

        // Each endpoint received one call per webhook delivery to it, signed with its secret.
        var calls = receiver.Calls;
        Assert.NotEmpty(Ids(Channel.Webhook));
        Assert.Equal(Ids(Channel.Webhook).Order(), calls.Select(c => c.Id).Order());
        foreach (var customer in customers)
        {
            var toCustomer = calls.Where(c => c.Path == customer.HookPath).ToList();
            Assert.NotEmpty(toCustomer);
            Assert.All(toCustomer, c => Assert.True(c.IsSignedWith(customer.Secret)));
            Assert.All(toCustomer, c => Assert.Equal(customer.OrganizationId, c.Payload.GetProperty("data").GetProperty("organization_id").GetString()));
        }

        // Both replicas did the work, as each one's own log shows: both consumed events off the
        // shared queues, and each worker sent some of the deliveries; together they sent every
        // one, none both.
        Assert.NotEmpty(ConsumedBy(primaryLogs));
        Assert.NotEmpty(ConsumedBy(replicaLogs));
        var byPrimary = SentBy(primaryLogs);
        var byReplica = SentBy(replicaLogs);
        Assert.NotEmpty(byPrimary);
        Assert.NotEmpty(byReplica);
        Assert.Empty(byPrimary.Intersect(byReplica));
        Assert.Equal(deliveries.Select(d => d.DeliveryId).Order(), byPrimary.Concat(byReplica).Order());
    }

    private static async Task<Customer> CustomerAsync(ServiceStack stack, WebhookReceiver receiver, SupportPlan plan, string hookPath)
    {
        var organization = await stack.CreateCustomerAsync(plan);
        SignedIn[] submitters = [await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent),
            await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent)];
        var admin = await stack.CreatePersonAsync(organization.OrganizationId, Role.CustomerAdmin);
        var registered = await stack.Notifications.RegisterWebhookEndpointAsync(new RegisterWebhookEndpointRequest
        {
            OrganizationId = organization.OrganizationId, Url = receiver.Url(hookPath), Description = "Our ITSM tool",
        }, Bearer(admin.Token));
        return new Customer(organization.OrganizationId, submitters, admin, hookPath, registered.Secret);
    }

    /// <summary>
    /// Submits a case of the burst (every third a P1, the others P2 and P3), acknowledges it,
    /// comments on it from both sides, escalates every fourth, asks a P1's submitter a question
    /// that they answer, and resolves it.
    /// </summary>
    private static async Task<Followed> FollowCaseAsync(ServiceStack stack, int index, SignedIn submitter, SignedIn engineer)
    {
        var priority = (index % 3) switch { 0 => Priority.P1, 1 => Priority.P2, _ => Priority.P3 };
        var escalate = index % 4 == 1;
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(priority), Bearer(submitter.Token))).Case;
        var current = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version },
            Bearer(engineer.Token))).Case;
        current = (await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, Body = $"Case {index}: could you send the SBC trace of a dropped call?",
            Visibility = CommentVisibility.Public,
        }, Bearer(engineer.Token))).Case;
        current = (await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, Body = $"Case {index}: the trace is attached.", Visibility = CommentVisibility.Public,
        }, Bearer(submitter.Token))).Case;
        if (escalate)
        {
            await stack.EscalateFunctionallyAsync(submitted.CaseId, $"Case {index} needs the media team.", engineer.Token);
        }
        if (priority == Priority.P1)
        {
            current = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
            {
                CaseId = submitted.CaseId, Version = current.Version, Question = $"Case {index}: which SBC firmware runs at the site?",
            }, Bearer(engineer.Token))).Case;
            current = (await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest
            {
                CaseId = submitted.CaseId, Version = current.Version, Answer = $"Case {index}: firmware 7.2.",
            }, Bearer(submitter.Token))).Case;
        }
        await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, ResolutionSummary = $"Case {index}: fixed the media relay timeout.",
            Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token));

        // The submitter is told of what others did (not of their own comment or answer).
        List<string> told = ["CaseSubmitted", "CaseAcknowledged", "CaseCommentAdded", "CaseResolved"];
        if (escalate)
        {
            told.Add("CaseEscalated");
        }
        if (priority == Priority.P1)
        {
            told.AddRange(["CaseCustomerInfoRequested", "RcaRequired"]);
        }
        return new Followed(submitted.CaseId, submitter, told);
    }

    private static async Task<IReadOnlyList<SupportPlatform.Notification.V1.Notification>> AllNotificationsAsync(ServiceStack stack, SignedIn reader)
    {
        var all = new List<SupportPlatform.Notification.V1.Notification>();
        var request = new ListNotificationsRequest { PageSize = 100 };
        do
        {
            var page = await stack.Notifications.ListNotificationsAsync(request, Bearer(reader.Token));
            all.AddRange(page.Notifications);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    /// <summary>Every delivery, as vendor staff (who see everyone's) list them.</summary>
    private static async Task<IReadOnlyList<Delivery>> AllDeliveriesAsync(ServiceStack stack, SignedIn vendor)
    {
        var all = new List<Delivery>();
        var request = new ListDeliveriesRequest { PageSize = 100 };
        do
        {
            var page = await stack.Notifications.ListDeliveriesAsync(request, Bearer(vendor.Token));
            all.AddRange(page.Deliveries);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return all;
    }

    /// <summary>
    /// The events a replica's consumers took off the shared queues (not the per-replica ones), from
    /// MassTransit's Debug line "RECEIVE address message-id message-type consumer(duration)".
    /// </summary>
    private static IReadOnlyList<string> ConsumedBy(LogCapture logs) =>
        [.. logs.Entries.Select(entry => Received().Match(entry)).Where(match => match.Success).Select(match => match.Groups["id"].Value)];

    [GeneratedRegex(@"^Debug MassTransit\.Messages: RECEIVE \S+/notification-(?:case|escalation|rca|readiness)-events (?<id>[0-9a-f-]{36}) \S+ SupportPlatform\.Notification\.Messaging\.")]
    private static partial Regex Received();

    /// <summary>The deliveries a replica's worker logged as sent (e-mail, SMS) or delivered (webhook).</summary>
    private static IReadOnlyList<string> SentBy(LogCapture logs) =>
        [.. logs.Entries.Where(entry => entry.Contains("Channels.DeliveryWorker:", StringComparison.Ordinal))
            .Select(entry => WorkerSent().Match(entry)).Where(match => match.Success).Select(match => match.Groups["id"].Value)];

    [GeneratedRegex(@"^Information \S+DeliveryWorker: (?:EMAIL|SMS|Webhook) (?<id>[0-9a-f-]{36}) \(\w+\) (?:sent|delivered)")]
    private static partial Regex WorkerSent();
}
