using Grpc.Core;
using MimeKit;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The e-mail channel against a real SMTP server: what the recipient's mail client receives
/// (headers, plain text, HTML), who gets an e-mail at all, that the vendor's remarks never reach a
/// customer's mailbox, and each delivery's status.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class EmailNotificationTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    private async Task<MimeMessage> MailAsync(string address, string caseId, string eventType)
    {
        MimeMessage? found = null;
        await WaitUntilAsync(() =>
        {
            found = stack.Mail.To(address).FirstOrDefault(message => message.Headers["X-Support-Case"] == caseId && message.Headers["X-Support-Event"] == eventType);
            return Task.FromResult(found is not null);
        }, TimeSpan.FromSeconds(20), $"the {eventType} e-mail to {address}");
        return found!;
    }

    private async Task<IReadOnlyList<Delivery>> DeliveriesAsync(SignedIn reader, string caseId) =>
        (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = caseId, PageSize = 100 }, Bearer(reader.Token))).Deliveries;

    [Fact]
    public async Task TheSubmitter_ReceivesAnEmail_WithHeadersTextAndHtml_AndSeesItsDeliverySent()
    {
        var customer = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var submitter = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var colleague = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(submitter.Token))).Case;

        var mail = await MailAsync(submitter.Person.Email, submitted.CaseId, "CaseSubmitted");

        Assert.Equal(submitter.Person.DisplayName, mail.To.Mailboxes.Single().Name);
        Assert.Equal($"P3 case submitted: {submitted.Details.Title}", mail.Subject);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
        Assert.EndsWith("@supportplatform", mail.MessageId);
        Assert.Equal("NORMAL", mail.Headers["X-Support-Urgency"]);
        var link = $"{ServiceStack.PortalUrl}/cases/{submitted.CaseId}";
        Assert.Contains("waits for the vendor's first response", mail.TextBody);
        Assert.Contains($"Open the case: {link}", mail.TextBody);
        Assert.Contains($"<a href=\"{link}\">Open the case</a>", mail.HtmlBody);
        Assert.StartsWith($"Hello {submitter.Person.DisplayName},", mail.TextBody);

        // Its delivery: sent at the first attempt, to the submitter's address.
        Delivery? delivery = null;
        await WaitUntilAsync(async () =>
        {
            delivery = (await DeliveriesAsync(submitter, submitted.CaseId)).SingleOrDefault(d => d.EventType == "CaseSubmitted");
            return delivery?.State == DeliveryState.Sent;
        }, TimeSpan.FromSeconds(20), "the delivery is sent");
        Assert.Equal((Channel.Email, submitter.Person.Email, 1), (delivery!.Channel, delivery.Address, delivery.AttemptCount));
        Assert.Equal(mail.MessageId, $"{Guid.Parse(delivery.DeliveryId):N}@supportplatform");
        var status = (await stack.Notifications.GetDeliveryStatusAsync(new GetDeliveryStatusRequest { DeliveryId = delivery.DeliveryId }, Bearer(submitter.Token))).Delivery;
        Assert.Equal(["SENT"], status.Attempts.Select(a => a.Outcome));

        // The colleague, informed only through the matrix, has it in-app and no e-mail; a P3's
        // submission is not urgent, so the queue's address gets none either. The vendor sees every delivery.
        await WaitUntilAsync(async () => (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId },
            Bearer(colleague.Token))).Notifications.Count > 0, TimeSpan.FromSeconds(20), "the colleague's in-app notification");
        var all = await DeliveriesAsync(engineer, submitted.CaseId);
        Assert.Equal([submitter.Person.PersonId], all.Select(d => d.RecipientId));
        Assert.Empty(await DeliveriesAsync(colleague, submitted.CaseId));

        // Someone else's delivery is NOT_FOUND, as one that does not exist.
        var hidden = await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.GetDeliveryStatusAsync(
            new GetDeliveryStatusRequest { DeliveryId = delivery.DeliveryId }, Bearer(colleague.Token)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var bad = await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.ListDeliveriesAsync(
            new ListDeliveriesRequest { CaseId = "nope", PageSize = 500 }, Bearer(colleague.Token)).ResponseAsync);
        Assert.Equal(["case_id", "page_size"], bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task AnEscalationEmail_CarriesTheVendorsRemark_ToTheVendorOnly()
    {
        var submitter = await stack.CreatePersonAsync((await stack.CreateCustomerAsync(SupportPlan.Premium)).OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(submitter.Token))).Case;
        await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token));
        const string remark = "Internal: the customer's SBC admin keeps rebooting the box mid-trace.";
        await stack.EscalateFunctionallyAsync(submitted.CaseId, remark, engineer.Token);

        // The queue's address gets the urgent escalation with the remark; the submitter's mailbox only what happened.
        var toQueue = await MailAsync(ServiceStack.QueueAddress, submitted.CaseId, "CaseEscalated");
        Assert.Contains(remark, toQueue.TextBody);
        Assert.Equal("HIGH", toQueue.Headers["X-Support-Urgency"]);
        var toCustomer = await MailAsync(submitter.Person.Email, submitted.CaseId, "CaseEscalated");
        Assert.Contains("Your case was escalated functionally from L2 to L3.", toCustomer.TextBody);
        foreach (var message in stack.Mail.To(submitter.Person.Email))
        {
            Assert.DoesNotContain("keeps rebooting", message.Subject + message.TextBody + message.HtmlBody);
        }
    }
}
