using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Who is told, end to end: the organisation's matrix (from the identity service, overrides
/// respected) adds the customer's other people, a commenter follows the case, and people subscribe
/// to a case or an organisation's P1s.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class NotificationAudienceTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    /// <summary>The person's notification of the event about the case, once it is written.</summary>
    private async Task<SupportPlatform.Notification.V1.Notification> NotifiedAsync(SignedIn person, string caseId, string eventType)
    {
        SupportPlatform.Notification.V1.Notification? found = null;
        await WaitUntilAsync(async () =>
        {
            found = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = caseId }, Bearer(person.Token)))
                .Notifications.FirstOrDefault(n => n.EventType == eventType && n.RecipientKind == RecipientKind.Person);
            return found is not null;
        }, TimeSpan.FromSeconds(20), $"{person.Person.DisplayName}'s {eventType} notification");
        return found!;
    }

    private async Task<IReadOnlyList<SupportPlatform.Notification.V1.Notification>> AllAsync(SignedIn person, string caseId) =>
        (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = caseId }, Bearer(person.Token))).Notifications;

    [Fact]
    public async Task TheMatrix_InformsTheCustomersOtherPeople_AndAnOverride_InformsTheEndUsersInstead()
    {
        var customer = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var submitter = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var colleague = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var admin = await stack.CreatePersonAsync(customer.OrganizationId, Role.CustomerAdmin);
        var engineer = await stack.CreateVendorEngineerAsync();

        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(submitter.Token))).Case;

        // By default the customer is S, C, I of L2-3 support: its other people are informed.
        foreach (var person in new[] { submitter, colleague, admin })
        {
            var notice = await NotifiedAsync(person, submitted.CaseId, "CaseSubmitted");
            Assert.Equal((person.Person.PersonId, Purpose.Fyi), (notice.RecipientId, notice.Purpose));
        }
        // The vendor is A, R: its queue gets an action item.
        var queued = (await AllAsync(engineer, submitted.CaseId)).Single(n => n.RecipientKind == RecipientKind.VendorSupportQueue);
        Assert.Equal(Purpose.Action, queued.Purpose);

        // Asked for information, the submitter must act and the others are asked for input.
        var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version },
            Bearer(engineer.Token))).Case;
        await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
        {
            CaseId = submitted.CaseId, Version = acknowledged.Version, Question = "Which SBC firmware runs at the site?",
        }, Bearer(engineer.Token));
        Assert.Equal(Purpose.Action, (await NotifiedAsync(submitter, submitted.CaseId, "CaseCustomerInfoRequested")).Purpose);
        Assert.Equal(Purpose.Input, (await NotifiedAsync(colleague, submitted.CaseId, "CaseCustomerInfoRequested")).Purpose);

        // Another customer's override: its staff have no part in L2-3 support, its end-users are informed.
        var adminToken = await stack.AdminTokenAsync();
        var other = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var otherSubmitter = await stack.CreatePersonAsync(other.OrganizationId, Role.L1Agent);
        var otherColleague = await stack.CreatePersonAsync(other.OrganizationId, Role.L1Agent);
        var endUser = await stack.CreatePersonAsync(other.OrganizationId, Role.EndUser);
        var version = await stack.Responsibilities.SetMatrixOverrideAsync(new SetMatrixOverrideRequest
        {
            OrganizationId = other.OrganizationId, TaskId = "l2-l3-support", Party = SupportPlatform.Common.V1.Party.Customer,
            ExpectedVersion = 0, Reason = "The customer's staff follow cases through their own ITSM tool.",
        }, Bearer(adminToken));
        await stack.Responsibilities.SetMatrixOverrideAsync(new SetMatrixOverrideRequest
        {
            OrganizationId = other.OrganizationId, TaskId = "l2-l3-support", Party = SupportPlatform.Common.V1.Party.EndUsers,
            Letters = { Letter.Informed }, ExpectedVersion = version.Version, Reason = "End-users are told of the cases that affect them.",
        }, Bearer(adminToken));

        var otherCase = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(otherSubmitter.Token))).Case;

        var told = await NotifiedAsync(endUser, otherCase.CaseId, "CaseSubmitted");
        Assert.Equal(Purpose.Fyi, told.Purpose);
        // One transaction wrote the event's notifications: the submitter (a participant) has it, the colleague not.
        Assert.Single(await AllAsync(otherSubmitter, otherCase.CaseId));
        Assert.Empty(await AllAsync(otherColleague, otherCase.CaseId));
    }

    [Fact]
    public async Task Commenters_AndSubscribers_AreTold_InTheirPartysWords()
    {
        var customer = await stack.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var submitter = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var follower = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(submitter.Token))).Case;
        await NotifiedAsync(submitter, submitted.CaseId, "CaseSubmitted");

        // A vendor engineer follows the case; following again changes nothing.
        var subscribe = new SubscribeRequest { Kind = SubscriptionKind.Case, TargetId = submitted.CaseId };
        var first = await stack.Notifications.SubscribeAsync(subscribe, Bearer(follower.Token));
        var again = await stack.Notifications.SubscribeAsync(subscribe, Bearer(follower.Token));
        Assert.Equal((true, false), (first.Created, again.Created));
        Assert.Equal([submitted.CaseId], (await stack.Notifications.ListSubscriptionsAsync(new ListSubscriptionsRequest(), Bearer(follower.Token)))
            .Subscriptions.Select(s => s.TargetId));

        // The engineer who comments takes part in the case from then on.
        var commented = await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = submitted.Version, Body = "Could you send the SBC trace?", Visibility = CommentVisibility.Public,
        }, Bearer(engineer.Token));
        Assert.Equal(Purpose.Action, (await NotifiedAsync(follower, submitted.CaseId, "CaseCommentAdded")).Purpose);
        Assert.Equal(Purpose.Fyi, (await NotifiedAsync(submitter, submitted.CaseId, "CaseCommentAdded")).Purpose);
        Assert.DoesNotContain(await AllAsync(engineer, submitted.CaseId), n => n.RecipientKind == RecipientKind.Person); // not of their own comment

        // Unfollowed, the follower is told nothing more; the commenter hears of the reply.
        Assert.True((await stack.Notifications.UnsubscribeAsync(new UnsubscribeRequest { Kind = SubscriptionKind.Case, TargetId = submitted.CaseId },
            Bearer(follower.Token))).Removed);
        Assert.False((await stack.Notifications.UnsubscribeAsync(new UnsubscribeRequest { Kind = SubscriptionKind.Case, TargetId = submitted.CaseId },
            Bearer(follower.Token))).Removed);
        await stack.Cases.AddCommentAsync(new AddCommentRequest
        {
            CaseId = submitted.CaseId, Version = commented.Case.Version,
            Body = "Trace attached to the portal.", Visibility = CommentVisibility.Public,
        }, Bearer(submitter.Token));
        var reply = await NotifiedAsync(engineer, submitted.CaseId, "CaseCommentAdded");
        Assert.Equal("Trace attached to the portal.", reply.Body);
        Assert.Single(await AllAsync(follower, submitted.CaseId), n => n.EventType == "CaseCommentAdded" && n.RecipientKind == RecipientKind.Person);
        Assert.Single(await AllAsync(submitter, submitted.CaseId), n => n.EventType == "CaseCommentAdded"); // the engineer's, not her own

        // A subscriber to the organisation's P1s hears of its P1s, not of its other cases.
        var watcher = await stack.CreateVendorEngineerAsync();
        await stack.Notifications.SubscribeAsync(new SubscribeRequest { Kind = SubscriptionKind.OrganizationP1S, TargetId = customer.OrganizationId },
            Bearer(watcher.Token));
        var p3 = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(submitter.Token))).Case;
        var p1 = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P1), Bearer(submitter.Token))).Case;
        Assert.Equal(watcher.Person.PersonId, (await NotifiedAsync(watcher, p1.CaseId, "CaseSubmitted")).RecipientId);
        await NotifiedAsync(submitter, p3.CaseId, "CaseSubmitted");
        Assert.DoesNotContain(await AllAsync(watcher, p3.CaseId), n => n.RecipientKind == RecipientKind.Person);
    }

    [Fact]
    public async Task Subscribing_ToWhatTheCallerMayNotSee_OrWithBadInput_IsRefused_AndChangesNothing()
    {
        var customer = await stack.CreateCustomerAsync();
        var submitter = await stack.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.CustomerAdmin);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(submitter.Token))).Case;
        await NotifiedAsync(submitter, submitted.CaseId, "CaseSubmitted");

        async Task<RpcException> RefusedAsync(SubscribeRequest request, SignedIn caller) =>
            await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.SubscribeAsync(request, Bearer(caller.Token)).ResponseAsync);

        // Another organisation's case and P1s, an unknown case and an unknown organisation: NOT_FOUND alike.
        Assert.Equal(StatusCode.NotFound, (await RefusedAsync(new() { Kind = SubscriptionKind.Case, TargetId = submitted.CaseId }, stranger)).StatusCode);
        Assert.Equal(StatusCode.NotFound,
            (await RefusedAsync(new() { Kind = SubscriptionKind.OrganizationP1S, TargetId = customer.OrganizationId }, stranger)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await RefusedAsync(new() { Kind = SubscriptionKind.Case, TargetId = Guid.NewGuid().ToString() }, engineer)).StatusCode);
        Assert.Equal(StatusCode.NotFound,
            (await RefusedAsync(new() { Kind = SubscriptionKind.OrganizationP1S, TargetId = Guid.NewGuid().ToString() }, engineer)).StatusCode);

        // Its own organisation's P1s a customer may follow.
        Assert.True((await stack.Notifications.SubscribeAsync(new SubscribeRequest { Kind = SubscriptionKind.OrganizationP1S, TargetId = customer.OrganizationId },
            Bearer(submitter.Token))).Created);

        var bad = await RefusedAsync(new() { TargetId = "not-a-uuid" }, engineer);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["kind", "target_id"], bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));

        Assert.Empty((await stack.Notifications.ListSubscriptionsAsync(new ListSubscriptionsRequest(), Bearer(stranger.Token))).Subscriptions);
        Assert.Empty((await stack.Notifications.ListSubscriptionsAsync(new ListSubscriptionsRequest(), Bearer(engineer.Token))).Subscriptions);
    }
}
