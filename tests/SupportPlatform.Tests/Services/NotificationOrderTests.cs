using SupportPlatform.Contracts.Events;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The case's events and the escalation service's travel on different queues, so notification may
/// hear of an escalation before it hears of the case: it waits for the case rather than leave its
/// submitter untold, and gives up waiting (telling the vendor's queue only) when the case never comes.
/// </summary>
public sealed class NotificationOrderTests
{
    [Fact]
    public async Task AnEscalationConsumedBeforeItsCase_WaitsForTheCase_AndItsSubmitterIsTold_AndOneWhoseCaseNeverComesReachesTheVendorsQueue()
    {
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        var logs = new LogCapture();
        await using var stack = await ServiceStack.StartAsync(broker, logs);
        await using var bus = await TestBus.StartAsync(broker);
        var notifications = stack.DatabaseFile("notificationdb");
        var (organizationId, submitterId) = (Guid.NewGuid(), Guid.NewGuid());
        var (caseId, neverKnownId) = (Guid.NewGuid(), Guid.NewGuid());
        CaseEscalated Escalation(Guid id) =>
            new(id, organizationId, Guid.NewGuid(), "FUNCTIONAL", "L2", "L3", "VENDOR", Guid.NewGuid(), "Needs the product team", null, DateTimeOffset.UtcNow);

        // The escalation arrives first: notification has taken it up (and waits, or wrote it without
        // the case) before the case's own event is even published.
        await bus.Bus.Publish(Escalation(caseId));
        await bus.Bus.Publish(Escalation(neverKnownId));
        await WaitUntilAsync(async () => logs.Entries.Any(entry => entry.Contains($"CaseEscalated of case {caseId} waits for the case's events", StringComparison.Ordinal))
                || await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM notifications WHERE case_id = @p", caseId.ToString()) > 0,
            TimeSpan.FromSeconds(30), "notification took up the escalation");

        await bus.Bus.Publish(new CaseSubmitted(new CaseSnapshot
        {
            CaseId = caseId,
            OrganizationId = organizationId,
            SubmitterId = submitterId,
            Title = "Exports stall at night",
            Type = "INCIDENT",
            Priority = "P2",
            Plan = "PREMIUM",
            Status = "SUBMITTED",
            Version = 1,
            CreatedAt = DateTimeOffset.UtcNow,
        }, DateTimeOffset.UtcNow));

        // The submitter is told of the escalation, under the case's title, without the vendor's remark.
        var toSubmitter = $"""
            SELECT COUNT(*) FROM notifications WHERE case_id = @p AND event_type = 'CaseEscalated' AND recipient_kind = 'PERSON'
            AND recipient_id = '{submitterId}' AND subject = 'Case escalated: Exports stall at night'
            AND body = 'Your case was escalated functionally from L2 to L3.'
            """;
        await WaitUntilAsync(async () => await Sql.CountAsync(notifications, toSubmitter, caseId.ToString()) == 1,
            TimeSpan.FromSeconds(30), "the submitter is told of the escalation");
        Assert.Equal(1, await Sql.CountAsync(notifications,
            "SELECT COUNT(*) FROM notifications WHERE case_id = @p AND event_type = 'CaseEscalated' AND recipient_kind = 'VENDOR_SUPPORT_QUEUE'",
            caseId.ToString()));

        // The case that never comes: after the last attempt (about 14 s of waits) the vendor's queue
        // is told, under the case's id, and a warning says who was not.
        var toQueue = """
            SELECT COUNT(*) FROM notifications WHERE case_id = @p AND event_type = 'CaseEscalated' AND recipient_kind = 'VENDOR_SUPPORT_QUEUE'
            """;
        await WaitUntilAsync(async () => await Sql.CountAsync(notifications, toQueue, neverKnownId.ToString()) == 1,
            TimeSpan.FromSeconds(60), "the vendor's queue is told of the escalation of a case never heard of");
        Assert.Equal(1, await Sql.CountAsync(notifications,
            $"SELECT COUNT(*) FROM notifications WHERE case_id = @p AND subject = 'Case escalated: case {neverKnownId}'", neverKnownId.ToString()));
        Assert.Equal(0, await Sql.CountAsync(notifications,
            "SELECT COUNT(*) FROM notifications WHERE case_id = @p AND recipient_kind = 'PERSON'", neverKnownId.ToString()));
        Assert.Contains(logs.Entries, entry => entry.StartsWith("Warning SupportPlatform.Notification.Messaging.EscalationEventsConsumer", StringComparison.Ordinal)
            && entry.Contains($"CaseEscalated of case {neverKnownId} is notified without the case", StringComparison.Ordinal));
    }
}
