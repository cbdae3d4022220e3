using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Notification.V1;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>The in-app channel: unread counts, marking read per person, and a stream that resumes from a position.</summary>
[Collection(StackCollection.Name)]
public sealed class InAppNotificationTests(StackFixture fixture)
{
    private readonly ServiceStack stack = fixture.Stack;

    private async Task<IReadOnlyList<SupportPlatform.Notification.V1.Notification>> MineAsync(SignedIn person, string caseId, int atLeast)
    {
        IReadOnlyList<SupportPlatform.Notification.V1.Notification> mine = [];
        await WaitUntilAsync(async () =>
        {
            mine = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = caseId }, Bearer(person.Token))).Notifications;
            return mine.Count >= atLeast;
        }, TimeSpan.FromSeconds(20), $"{atLeast} notifications about the case");
        return mine;
    }

    [Fact]
    public async Task UnreadCounts_AndMarkingRead_ArePerPerson_EvenForTheSharedQueue()
    {
        var agent = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var first = await stack.CreateVendorEngineerAsync();
        var second = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case;
        await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(first.Token));
        var mine = await MineAsync(agent, submitted.CaseId, 2);

        Assert.All(mine, n => Assert.False(n.Read));
        Assert.Equal(2, (await stack.Notifications.GetUnreadCountAsync(new GetUnreadCountRequest(), Bearer(agent.Token))).UnreadCount);
        Assert.True(mine[0].Position > mine[1].Position);

        // One read by id: the count drops, the list says so, and reading it again changes nothing.
        var read = await stack.Notifications.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { NotificationIds = { mine[1].NotificationId } }, Bearer(agent.Token));
        Assert.Equal((1L, 1L), (read.Marked, read.UnreadCount));
        var again = await stack.Notifications.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { NotificationIds = { mine[1].NotificationId } }, Bearer(agent.Token));
        Assert.Equal((0L, 1L), (again.Marked, again.UnreadCount));
        var unread = (await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId, UnreadOnly = true }, Bearer(agent.Token))).Notifications;
        Assert.Equal([mine[0].NotificationId], unread.Select(n => n.NotificationId));

        // Someone else's notification is left alone.
        var stranger = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var notMine = await stack.Notifications.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { NotificationIds = { mine[0].NotificationId } }, Bearer(stranger.Token));
        Assert.Equal(0, notMine.Marked);
        Assert.Equal(1, (await stack.Notifications.GetUnreadCountAsync(new GetUnreadCountRequest(), Bearer(agent.Token))).UnreadCount);

        // Everything up to a position: all read.
        var all = await stack.Notifications.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { UpToPosition = mine[0].Position }, Bearer(agent.Token));
        Assert.Equal(0, all.UnreadCount);
        Assert.All((await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(agent.Token))).Notifications,
            n => Assert.True(n.Read));

        // The vendor queue is shared, its read state is not: the first engineer reads, the second still has it unread.
        var queue = (await MineAsync(first, submitted.CaseId, 2)).Where(n => n.RecipientKind == RecipientKind.VendorSupportQueue).ToList();
        Assert.Equal(2, queue.Count);
        await stack.Notifications.MarkNotificationsReadAsync(new MarkNotificationsReadRequest { NotificationIds = { queue.Select(n => n.NotificationId) } }, Bearer(first.Token));
        Assert.All((await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(first.Token))).Notifications,
            n => Assert.True(n.Read));
        Assert.All((await stack.Notifications.ListNotificationsAsync(new ListNotificationsRequest { CaseId = submitted.CaseId }, Bearer(second.Token))).Notifications,
            n => Assert.False(n.Read));

        // Bad input changes nothing.
        var bad = await Assert.ThrowsAsync<RpcException>(() => stack.Notifications.MarkNotificationsReadAsync(
            new MarkNotificationsReadRequest { NotificationIds = { "not-a-uuid" }, UpToPosition = -1 }, Bearer(second.Token)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["up_to_position", "notification_ids[0]"], bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task WatchNotifications_StreamsNewOnes_AndResumesFromAPositionWithoutGapsOrRepeats()
    {
        var agent = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3), Bearer(agent.Token))).Case;
        var first = (await MineAsync(agent, submitted.CaseId, 1)).Single();

        // Following from the first notification: the acknowledgement arrives on the open stream.
        using (var stream = stack.Notifications.WatchNotifications(new WatchNotificationsRequest { AfterPosition = first.Position }, Bearer(agent.Token)))
        {
            var acknowledged = (await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token))).Case;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            Assert.True(await stream.ResponseStream.MoveNext(timeout.Token));
            Assert.Equal(("CaseAcknowledged", submitted.CaseId, agent.Person.PersonId), (stream.ResponseStream.Current.Notification.EventType,
                stream.ResponseStream.Current.Notification.CaseId, stream.ResponseStream.Current.Notification.RecipientId));

            // While nobody listens, two more are written.
            var question = (await stack.Cases.RequestCustomerInfoAsync(new RequestCustomerInfoRequest
            {
                CaseId = submitted.CaseId, Version = acknowledged.Version, Question = "Which SBC firmware runs on site?",
            }, Bearer(engineer.Token))).Case;
            await stack.Cases.AddCommentAsync(new AddCommentRequest
            {
                CaseId = submitted.CaseId, Version = question.Version, Body = "We are looking at the traces.", Visibility = CommentVisibility.Public,
            }, Bearer(engineer.Token));
            var resumeAt = stream.ResponseStream.Current.Notification.Position;
            stream.Dispose();

            await MineAsync(agent, submitted.CaseId, 4);
            using var resumed = stack.Notifications.WatchNotifications(new WatchNotificationsRequest { AfterPosition = resumeAt }, Bearer(agent.Token));
            List<string> types = [];
            while (types.Count < 2 && await resumed.ResponseStream.MoveNext(timeout.Token))
            {
                Assert.True(resumed.ResponseStream.Current.Notification.Position > resumeAt);
                types.Add(resumed.ResponseStream.Current.Notification.EventType);
            }
            Assert.Equal(["CaseCustomerInfoRequested", "CaseCommentAdded"], types);
        }
    }

    [Fact]
    public async Task AnEscalation_IsNotifiedToBothSides_AndTheVendorsRemarkStaysWithTheVendor()
    {
        var agent = await stack.CreatePersonAsync((await stack.CreateCustomerAsync()).OrganizationId, Role.L1Agent);
        var engineer = await stack.CreateVendorEngineerAsync();
        var submitted = (await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P2), Bearer(agent.Token))).Case;
        await stack.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = submitted.CaseId, Version = submitted.Version }, Bearer(engineer.Token));
        const string remark = "Internal: the customer's SBC admin keeps rebooting the box mid-trace.";
        await stack.EscalateFunctionallyAsync(submitted.CaseId, remark, engineer.Token);

        var toCustomer = (await MineAsync(agent, submitted.CaseId, 3)).Single(n => n.EventType == "CaseEscalated");
        Assert.Equal(("Your case was escalated functionally from L2 to L3.", Urgency.Normal), (toCustomer.Body, toCustomer.Urgency));
        var toQueue = (await MineAsync(engineer, submitted.CaseId, 3)).Single(n => n.EventType == "CaseEscalated" && n.RecipientKind == RecipientKind.VendorSupportQueue);
        Assert.Contains(remark, toQueue.Body);
        Assert.Equal(Urgency.High, toQueue.Urgency);
        Assert.Equal(0, await Sql.CountAsync(stack.DatabaseFile("notificationdb"),
            "SELECT COUNT(*) FROM notifications WHERE recipient_kind = 'PERSON' AND recipient_id = @p AND body LIKE '%keeps rebooting%'", agent.Person.PersonId));
    }
}
