using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The SMS channel through the default provider, whose log sink the test reads: what a P1 asks of
/// a person goes by text message; someone without a phone number is skipped; FYIs do not wake anyone.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class SmsNotificationTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    private async Task<Delivery> SmsDeliveryAsync(SignedIn reader, string caseId, string eventType, Func<Delivery, bool> until)
    {
        Delivery? found = null;
        await WaitUntilAsync(async () =>
        {
            found = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = caseId, PageSize = 100 }, Bearer(reader.Token)))
                .Deliveries.SingleOrDefault(d => d.Channel == Channel.Sms && d.EventType == eventType);
            return found is not null && until(found);
        }, TimeSpan.FromSeconds(20), $"the {eventType} SMS delivery");
        return found!;
    }

    [Fact]
    public async Task WhatAP1AsksOfAPerson_GoesBySms_ToThoseWithAPhoneNumber()
    {
        var submitter = await stack.CreatePersonAsync((await stack.CreateCustomerAsync(SupportPlan.PremiumPlus)).OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var noPhone = await stack.CreateVendorEngineerAsync(withPhone: false);
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(submitter.Token))).Case;
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version },
            Bearer(engineer.Token))).Case;
        var assigned = (await stack.Cases.AssignCaseAsync(new AssignCaseRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, EngineerId = noPhone.Person.PersonId, Tier = SupportTier.L2,
        }, Bearer(engineer.Token))).Case;
        await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = submitted.CaseId, Version = assigned.Version, Question = "Which SBC firmware runs at the site?",
        }, Bearer(engineer.Token));

        // The submitter must answer a P1's question: a text message with the subject and the case's link.
        var asked = await SmsDeliveryAsync(submitter, submitted.CaseId, "CaseCustomerInfoRequested", d => d.State == DeliveryState.Sent);
        Assert.Equal(submitter.Person.Phone, asked.Address);
        var text = Assert.Single(stack.TextMessages(), sms => sms.Id == Guid.Parse(asked.DeliveryId));
        Assert.Equal($"Information needed: {submitted.Details.Title} {ServiceStack.PortalUrl}/cases/{submitted.CaseId}", text.Text);

        // The assignee has no phone number: the SMS of the assignment is skipped, not retried.
        var skipped = await SmsDeliveryAsync(noPhone, submitted.CaseId, "CaseAssigned", d => d.State != DeliveryState.Pending);
        Assert.Equal((DeliveryState.Skipped, "No phone number."), (skipped.State, skipped.LastError));

        // The submission was an FYI for the submitter: in-app and e-mail, no SMS.
        var all = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = submitted.CaseId, PageSize = 100 }, Bearer(submitter.Token))).Deliveries;
        Assert.Contains(all, d => d.EventType == "CaseSubmitted" && d.Channel == Channel.Email);
        Assert.DoesNotContain(all, d => d.EventType == "CaseSubmitted" && d.Channel == Channel.Sms);
    }
}
