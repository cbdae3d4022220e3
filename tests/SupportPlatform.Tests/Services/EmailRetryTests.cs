using Microsoft.Extensions.Time.Testing;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Infrastructure.FakeTime;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// A mail server that fails for a while, and one that refuses an address, on a stack of its own
/// whose services share one <see cref="FakeTimeProvider"/>: the test moves time to each retry.
/// </summary>
public sealed class EmailRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static async Task<Delivery> DeliveryAsync(ServiceStack stack, SignedIn reader, string caseId, Func<Delivery, bool> until, string description)
    {
        Delivery? found = null;
        await EventuallyAsync(async () =>
        {
            found = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = caseId }, Bearer(reader.Token))).Deliveries
                .SingleOrDefault(d => d.EventType == "CaseSubmitted");
            return found is not null && until(found);
        }, description);
        return found!;
    }

    [Fact]
    public async Task ATemporaryFailure_IsRetriedWithBackoff_AndARefusedAddressIsDeadLettered_EachMessageArrivingOnce()
    {
        var clock = new FakeTimeProvider(Start);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock);
        var customer = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var submitter = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var refused = await stack.CreatePersonAsync((await stack.CreateCustomerAsync(SupportPlan.Premium)).OrganizationId, Role.L1Agent);
        stack.Mail.FailNext(submitter.Person.Email, 2);
        stack.Mail.Refuse(refused.Person.Email);

        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(submitter.Token))).Case;
        var lost = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(refused.Token))).Case;

        // The first attempt fails: tried again after 30 s plus up to 20 % jitter.
        var first = await DeliveryAsync(stack, submitter, submitted.CaseId, d => d.AttemptCount == 1, "the first attempt");
        Assert.Equal(DeliveryState.Retrying, first.State);
        Assert.Contains("try again later", first.LastError);
        var wait = first.NextAttemptAt.ToDateTimeOffset() - clock.GetUtcNow();
        Assert.InRange(wait, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(36));

        // Nothing happens before it is due; then the second fails and waits twice as long.
        clock.Advance(wait + TimeSpan.FromSeconds(1));
        var second = await DeliveryAsync(stack, submitter, submitted.CaseId, d => d.AttemptCount == 2, "the second attempt");
        Assert.Equal(DeliveryState.Retrying, second.State);
        Assert.InRange(second.NextAttemptAt.ToDateTimeOffset() - clock.GetUtcNow(), TimeSpan.FromSeconds(55), TimeSpan.FromSeconds(72));

        clock.Advance(TimeSpan.FromSeconds(75));
        var sent = await DeliveryAsync(stack, submitter, submitted.CaseId, d => d.State == DeliveryState.Sent, "the third attempt");
        var attempts = (await stack.Notifications.GetDeliveryStatusAsync(new GetDeliveryStatusRequest { DeliveryId = sent.DeliveryId }, Bearer(submitter.Token)))
            .Delivery.Attempts;
        Assert.Equal(["FAILED", "FAILED", "SENT"], attempts.Select(a => a.Outcome));
        Assert.Single(stack.Mail.To(submitter.Person.Email), message => message.Headers["X-Support-Case"] == submitted.CaseId);

        // The refused address: given up at once, and not tried again however long one waits.
        var dead = await DeliveryAsync(stack, refused, lost.CaseId, d => d.State == DeliveryState.Dead, "the refusal");
        Assert.Equal(1, dead.AttemptCount);
        clock.Advance(TimeSpan.FromHours(3));
        var next = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(await SignInAsync(stack, submitter)))).Case; // work that wakes the worker
        await EventuallyAsync(() => Task.FromResult(stack.Mail.To(submitter.Person.Email).Any(message => message.Headers["X-Support-Case"] == next.CaseId)),
            "the next e-mail");
        var after = (await stack.Notifications.GetDeliveryStatusAsync(new GetDeliveryStatusRequest { DeliveryId = dead.DeliveryId },
            Bearer(await SignInAsync(stack, refused)))).Delivery;
        Assert.Equal((DeliveryState.Dead, 1, "REFUSED"), (after.State, after.AttemptCount, after.Attempts.Single().Outcome));
        Assert.Empty(stack.Mail.To(refused.Person.Email));
    }

    [Fact]
    public async Task AServiceStoppedMidDelivery_LeavesTheEmailToItsSuccessor_OneDeliveryUnderOneMessageId()
    {
        var clock = new FakeTimeProvider(Start);
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker, clock: clock);
        var submitter = await stack.CreatePersonAsync((await stack.CreateCustomerAsync(SupportPlan.Premium)).OrganizationId, Role.L1Agent);
        var held = stack.Mail.HoldNextAsync(submitter.Person.Email);

        var submitted = (await stack.Cases.SubmitCaseAsync(CaseAt(clock, Priority.P3), Bearer(submitter.Token))).Case;

        // The mail server has kept the message and not answered when the service stops.
        await held.WaitAsync(TimeSpan.FromSeconds(30));
        await stack.RestartNotificationAsync();
        // A stopping worker frees what it claimed (a killed one's claims lapse after two minutes);
        // its successor sends the e-mail again, as it cannot know the first one arrived.
        clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var sent = await DeliveryAsync(stack, submitter, submitted.CaseId, d => d.State == DeliveryState.Sent, "the successor's attempt");

        // One delivery with one recorded attempt; the mailbox has the message twice under one
        // Message-ID, which is how a mail client recognises the second as the same message.
        Assert.Equal(1, sent.AttemptCount);
        var copies = stack.Mail.To(submitter.Person.Email).Where(message => message.Headers["X-Support-Case"] == submitted.CaseId).ToList();
        Assert.Equal(2, copies.Count);
        Assert.Equal($"{Guid.Parse(sent.DeliveryId):N}@supportplatform", Assert.Single(copies.Select(message => message.MessageId).Distinct()));
        var deliveries = (await stack.Notifications.ListDeliveriesAsync(new ListDeliveriesRequest { CaseId = submitted.CaseId }, Bearer(submitter.Token))).Deliveries;
        Assert.Single(deliveries, d => d.EventType == "CaseSubmitted" && d.Channel == Channel.Email);
    }
}
