using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// What the vendor keeps to itself — an internal note on a case, the remark of an escalation —
/// reaches the vendor's people, and no customer's phone, webhook endpoint, mailbox or in-app list;
/// on a stack of its own, configured for development (the webhook receiver is on loopback).
/// </summary>
public sealed class InternalDataChannelTests
{
    [Fact]
    public async Task AnInternalNote_AndAnEscalationRemark_ReachNoCustomerBySmsWebhookEmailOrInApp_WhileTheVendorHasThem()
    {
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, settings: new Dictionary<string, string?>
        {
            ["Notification:Webhooks:AllowPrivateAddresses"] = "true",
        });
        await using var receiver = await WebhookReceiver.StartAsync();
        var customer = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var submitter = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var admin = await stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);
        var engineer = await stack.CreateVendorEngineerAsync();
        var endpoint = (await stack.Notifications.RegisterWebhookEndpointAsync(new RegisterWebhookEndpointRequest
        {
            OrganizationId = customer.OrganizationId, Url = receiver.Url("/hooks"), Description = "Our ITSM tool",
        }, Bearer(admin.Token))).Endpoint;
        var note = $"note-{Guid.NewGuid():N}";
        var remark = $"remark-{Guid.NewGuid():N}";

        // A P1 the vendor notes about internally and escalates with a remark of its own, and whose
        // question and resolution ask the submitter to act: those go by SMS too.
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(submitter.Token))).Case;
        var current = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version },
            Bearer(engineer.Token))).Case;
        current = (await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, Visibility = CommentVisibility.Internal,
            Body = $"Internal ({note}): their SBC config is a mess again; bill the hours to the professional-services budget.",
        }, Bearer(engineer.Token))).Case;
        const string publicComment = "Could you send the SBC trace of a dropped call?";
        current = (await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, Visibility = CommentVisibility.Public, Body = publicComment,
        }, Bearer(engineer.Token))).Case;
        await stack.EscalateFunctionallyAsync(submitted.CaseId, $"Internal ({remark}): L2 is out of ideas and the customer's admin is hostile.",
            engineer.Token);
        current = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, Question = "Which SBC firmware runs at the site?",
        }, Bearer(engineer.Token))).Case;
        current = (await stack.Cases.ProvideCustomerInfoAsync(new ProvideCustomerInfoRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, Answer = "Firmware 7.2.",
        }, Bearer(submitter.Token))).Case;
        await stack.Cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = submitted.CaseId, Version = current.Version, ResolutionSummary = "Fixed the media relay timeout in the cloud tenant.",
            Cause = CauseAttribution.VendorComponent,
        }, Bearer(engineer.Token));

        // Wait until the submitter was told of every event others caused, every delivery of the case
        // is finished, and what was sent is at the SMS sink, the receiver and the mail server.
        string[] toldToSubmitter =
            ["CaseSubmitted", "CaseAcknowledged", "CaseCommentAdded", "CaseEscalated", "CaseCustomerInfoRequested", "CaseResolved", "RcaRequired"];
        IReadOnlyList<Delivery> deliveries = [];
        await WaitUntilAsync(async () =>
        {
            var told = (await NotificationsAsync(stack, submitter, submitted.CaseId)).Select(n => n.EventType).ToHashSet();
            deliveries = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = submitted.CaseId, PageSize = 100 },
                Bearer(engineer.Token))).Deliveries;
            HashSet<Guid> arrived =
            [
                .. stack.TextMessages().Select(t => t.Id), .. receiver.Calls.Select(c => Guid.Parse(c.Id)),
                .. stack.Mail.Messages.Select(m => Guid.ParseExact(m.MessageId!.Split('@')[0], "N")),
            ];
            return toldToSubmitter.All(told.Contains)
                && deliveries.All(d => d.State is not (DeliveryState.Pending or DeliveryState.Retrying))
                && deliveries.Where(d => d.State == DeliveryState.Sent).All(d => arrived.Contains(Guid.Parse(d.DeliveryId)));
        }, TimeSpan.FromSeconds(60), "every event of the case is notified and delivered");

        // The customer's side did get text messages and webhook calls, among them the calls of the
        // escalation and of the public comment, in the customer's words.
        var toSubmitter = deliveries.Where(d => d.RecipientId == submitter.Person.PersonId).ToList();
        var smsIds = toSubmitter.Where(d => d.Channel == Channel.Sms).Select(d => Guid.Parse(d.DeliveryId)).ToHashSet();
        Assert.Superset(new HashSet<string> { "CaseCustomerInfoRequested", "CaseResolved" },
            toSubmitter.Where(d => d.Channel == Channel.Sms).Select(d => d.EventType).ToHashSet());
        var texts = stack.TextMessages().Where(t => smsIds.Contains(t.Id)).ToList();
        Assert.Equal(smsIds.Count, texts.Count);
        var calls = receiver.Calls;
        Assert.Equal(deliveries.Count(d => d.RecipientId == endpoint.EndpointId), calls.Count);
        Assert.Equal("Your case was escalated functionally from L2 to L3.",
            Assert.Single(calls, c => c.Type == "CaseEscalated").Payload.GetProperty("data").GetProperty("body").GetString());
        Assert.Equal(publicComment, Assert.Single(calls, c => c.Type == "CaseCommentAdded").Payload.GetProperty("data").GetProperty("body").GetString());
        var mails = stack.Mail.To(submitter.Person.Email).Concat(stack.Mail.To(admin.Person.Email)).ToList();
        Assert.NotEmpty(mails);
        List<SupportPlatform.Notification.V1.Notification> inApp =
            [.. await NotificationsAsync(stack, submitter, submitted.CaseId), .. await NotificationsAsync(stack, admin, submitted.CaseId)];
        Assert.Contains(inApp, n => n.EventType == "CaseEscalated");

        // Nor does the case's escalation list read by the customer: the vendor reads the remark there.
        var listed = new ListEscalationsRequest { CaseId = submitted.CaseId };
        var escalation = Assert.Single((await stack.Escalations.ListEscalationsAsync(listed, Bearer(submitter.Token))).Escalations);
        Assert.Equal((EscalationTrigger.Vendor, LadderLevel.L3, ""), (escalation.Trigger, escalation.ToLevel, escalation.Reason));
        Assert.Contains(remark, Assert.Single((await stack.Escalations.ListEscalationsAsync(listed, Bearer(engineer.Token))).Escalations).Reason);

        // None of it carries the note or the remark.
        foreach (var marker in new[] { note, remark })
        {
            Assert.All(texts, t => Assert.DoesNotContain(marker, t.Text));
            Assert.All(calls, c => Assert.DoesNotContain(marker, c.Body));
            Assert.All(mails, m => Assert.DoesNotContain(marker, m.Subject + m.TextBody + m.HtmlBody));
            Assert.All(inApp, n => Assert.DoesNotContain(marker, n.Subject + n.Body));
        }

        // The vendor has both: the remark in its queue's escalation notification and e-mail, the
        // note in the case's history (an internal note raises no event: nothing to notify).
        var queued = (await NotificationsAsync(stack, engineer, submitted.CaseId))
            .Single(n => n.RecipientKind == RecipientKind.VendorSupportQueue && n.EventType == "CaseEscalated");
        Assert.Contains(remark, queued.Body);
        Assert.Contains(stack.Mail.To(ServiceStack.QueueAddress),
            m => m.Headers["X-Support-Event"] == "CaseEscalated" && m.TextBody!.Contains(remark, StringComparison.Ordinal));
        var history = (await stack.Cases.ListCaseHistoryAsync(new ListCaseHistoryRequest { CaseId = submitted.CaseId }, Bearer(engineer.Token))).Entries;
        Assert.Contains(history, entry => entry.Internal && entry.Text.Contains(note));
    }

    private static async Task<IReadOnlyList<SupportPlatform.Notification.V1.Notification>> NotificationsAsync(ServiceStack stack, SignedIn reader, string caseId) =>
        (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = caseId, PageSize = 100 }, Bearer(reader.Token))).Notifications;
}
