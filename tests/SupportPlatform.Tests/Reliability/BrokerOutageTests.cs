using System.Collections.Concurrent;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Reliability;

/// <summary>
/// The broker goes away in the middle of a burst of submissions and comes back. Nothing a caller
/// was told succeeded may be lost, and nothing may be applied twice.
/// </summary>
public sealed class BrokerOutageTests(ITestOutputHelper output)
{
    private const int Submissions = 500;

    /// <summary>
    /// Who hears of each submission: the vendor's queue and the organisation's four L1 agents (the
    /// submitter, and the other three as the customer's Informed people of L2-3 support).
    /// </summary>
    private const int RecipientsPerCase = 5;

    [Fact]
    public async Task BrokerStoppedAndRestartedDuringABurst_EveryAcknowledgedCaseExistsOnce_AndIsNotifiedOnce()
    {
        // A broker of its own: the test stops it.
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker);
        var organization = await stack.CreateCustomerAsync(SupportPlan.Premium);
        var agents = new List<ServiceStackSignedIn>();
        for (var index = 0; index < 4; index++)
        {
            var agent = await stack.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
            agents.Add(new ServiceStackSignedIn(agent.Person.PersonId, agent.Token));
        }

        // Gates make the outage fall inside the burst whatever the machine's speed: submissions
        // 250-399 start only once the broker is down, the rest only once it is back.
        var brokerDown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var brokerBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = new ConcurrentBag<string>();
        var burst = Parallel.ForEachAsync(Enumerable.Range(0, Submissions), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (index, cancellationToken) =>
        {
            if (index >= 250)
            {
                await brokerDown.Task;
            }
            if (index >= 400)
            {
                await brokerBack.Task;
            }
            var agent = agents[index % agents.Count];
            var response = await stack.Cases.SubmitCaseAsync(ValidCase(Priority.P3, requestId: $"burst-{index}"), Bearer(agent.Token), cancellationToken: cancellationToken);
            acknowledged.Add(response.Case.CaseId);
        });

        await WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 100), TimeSpan.FromSeconds(60), "100 cases are acknowledged");
        await broker.StopAsync();
        var atStop = acknowledged.Count;
        output.WriteLine($"Broker stopped after {atStop} acknowledged submissions.");
        brokerDown.SetResult();
        await WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 350), TimeSpan.FromSeconds(60), "350 cases are acknowledged");
        var atRestart = acknowledged.Count;
        await broker.RestartAsync();
        output.WriteLine($"Broker started again after {atRestart} acknowledged submissions.");
        brokerBack.SetResult();
        await burst;
        Assert.InRange(atStop, 100, 250);
        Assert.True(atRestart - atStop >= 100, $"too few submissions were acknowledged while the broker was down ({atStop} → {atRestart})");

        var notifications = stack.DatabaseFile("notificationdb");
        await WaitUntilAsync(async () =>
                await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM notifications WHERE event_type = 'CaseSubmitted'") >= RecipientsPerCase * Submissions,
            TimeSpan.FromSeconds(180), "every case's submission is notified");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var ids = acknowledged.ToList();
        Assert.Equal(Submissions, ids.Count);
        Assert.Equal(Submissions, ids.Distinct().Count());
        var cases = stack.DatabaseFile("casedb");
        Assert.Equal(Submissions, await Sql.CountAsync(cases, "SELECT COUNT(*) FROM cases"));
        Assert.Equal(Submissions, await Sql.CountAsync(cases, "SELECT COUNT(DISTINCT id) FROM cases"));
        Assert.Equal(0, await Sql.CountAsync(cases, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"));
        // Each case: one notification for each of its recipients, no more.
        Assert.Equal(RecipientsPerCase * Submissions, await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM notifications WHERE event_type = 'CaseSubmitted'"));
        Assert.Equal(0, await Sql.CountAsync(notifications,
            $"SELECT COUNT(*) FROM (SELECT case_id FROM notifications WHERE event_type = 'CaseSubmitted' GROUP BY case_id HAVING COUNT(*) <> {RecipientsPerCase})"));
        Assert.Equal(0, await Sql.CountAsync(notifications,
            "SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE event_type = 'CaseSubmitted' GROUP BY case_id, recipient_kind, recipient_id HAVING COUNT(*) > 1)"));
        Assert.Equal(Submissions, await Sql.CountAsync(notifications, "SELECT COUNT(DISTINCT case_id) FROM notifications WHERE event_type = 'CaseSubmitted'"));
        await WaitUntilAsync(async () => await Sql.CountAsync(stack.DatabaseFile("escalationdb"), "SELECT COUNT(*) FROM sla_clocks") >= Submissions,
            TimeSpan.FromSeconds(60), "every case has an SLA record");
        Assert.Equal(Submissions, await Sql.CountAsync(stack.DatabaseFile("escalationdb"), "SELECT COUNT(*) FROM sla_clocks"));
    }

    private sealed record ServiceStackSignedIn(string PersonId, string Token);
}
