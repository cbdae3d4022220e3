using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;
using Xunit.Abstractions;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// The stack heals itself under the AppHost: a broker node that dies comes back on the same
/// endpoint, every service shows on the dashboard that events are not flowing while it is away
/// and drains its backlog by itself once it is back; a killed service restarted with the
/// dashboard's restart command catches up with what it missed. Nothing is lost or doubled.
/// </summary>
public sealed class HealingTests(ITestOutputHelper output)
{
    /// <summary>From the broker answering again to every held event handled (the bound).</summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The broker supervisor's pause before it restarts a dead node (1 s by default): long enough
    /// here that the dashboard sees the outage. Aspire checks a healthy resource every 30 s
    /// (ResourceHealthCheckService), so a shorter outage may fall between two checks.
    /// </summary>
    private const string RestartDelay = "--messaging:RestartDelaySeconds=35";

    /// <summary>The states the dashboard shows for a resource whose process is gone.</summary>
    private static readonly string[] Stopped = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    [Fact]
    public async Task AKilledBrokerNode_ComesBackOnItsEndpoint_AndTheServicesDrainTheirBacklog_AndAKilledServiceRestartedFromTheDashboardCatchesUp()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var stack = await RunningStack.StartAsync(timeout.Token, RestartDelay);
        var (app, clients) = (stack.App, stack.Clients);
        var organization = await clients.CreateCustomerAsync(SupportPlan.Premium);
        var agent = await clients.CreatePersonAsync(organization.OrganizationId, Role.L1Agent);
        var submitted = new List<string>();
        async Task SubmitAsync(int count, string prefix)
        {
            for (var index = 0; index < count; index++)
            {
                var reply = await clients.Cases.SubmitCaseAsync(ValidCase(Priority.P2, requestId: $"{prefix}-{index}"), Bearer(agent.Token));
                submitted.Add(reply.Case.CaseId);
            }
        }

        // Events flow: the first case gets its SLA record and its notifications.
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} stack up");
        await SubmitAsync(1, "before");
        await WaitUntilAsync(() => HandledAsync(stack, submitted, recipients: null), DrainBound, "the first case is handled");
        var recipients = (await NotificationsAsync(stack)).Count(row => row.CaseId == submitted[0]);
        Assert.True(recipients >= 2, $"the first case was notified to {recipients} recipient(s); the queue and the submitter at least");

        // The broker's node dies. Every service says so on the dashboard (readiness) and stays
        // alive; the watches start before the kill, as the outage lasts only until the restart.
        var amqp = new Uri((await app.GetConnectionStringAsync("messaging", timeout.Token))!);
        var unready = RunningStack.Services.ToDictionary(service => service, service => app.ResourceNotifications.WaitForResourceAsync(
            service, state => state.Snapshot.HealthStatus == HealthStatus.Unhealthy, timeout.Token));
        Faults.KillBrokerNode(app);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} broker node killed");
        await WaitUntilAsync(async () => !await AmqpProbe.AnswersAsync(amqp), TimeSpan.FromSeconds(10), "the broker's endpoint stops answering AMQP");

        // Submissions go on while it is away (the outbox holds their events).
        await SubmitAsync(10, "away");
        Assert.False(await AmqpProbe.AnswersAsync(amqp), $"the broker was back before the 10 submissions were done; raise {RestartDelay}");
        foreach (var (service, watch) in unready)
        {
            await watch.WaitAsync(TimeSpan.FromSeconds(60), timeout.Token);
            var liveness = await new Health.HealthClient(stack.Channel(service)).CheckAsync(
                new HealthCheckRequest { Service = "liveness" }, deadline: DateTime.UtcNow.AddSeconds(5));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, liveness.Status);
        }
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} every service showed Unhealthy on the dashboard and SERVING on liveness");

        // The node comes back on the same endpoint by itself; the backlog drains without a restart.
        await WaitUntilAsync(() => AmqpProbe.AnswersAsync(amqp), TimeSpan.FromSeconds(90), $"the broker answers again at {amqp.Host}:{amqp.Port}");
        var back = Stopwatch.StartNew();
        await WaitUntilAsync(() => HandledAsync(stack, submitted, recipients), DrainBound, $"the {submitted.Count} cases are handled");
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} broker back to backlog drained ({submitted.Count} cases, 10 submitted while it was away): {back.Elapsed.TotalSeconds:F1} s");
        foreach (var service in RunningStack.Services)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }

        // The notification service is killed; cases go on; the dashboard's restart brings it back,
        // and it catches up with the events it missed.
        Faults.KillResource(app, "notification");
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} notification killed");
        await app.ResourceNotifications.WaitForResourceAsync("notification",
            state => state.Snapshot.State?.Text is { } text && Stopped.Contains(text), timeout.Token);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} notification seen down");
        await SubmitAsync(5, "notification-down");
        var restart = await app.Services.GetRequiredService<ResourceCommandService>()
            .ExecuteCommandAsync("notification", KnownResourceCommands.RestartCommand, timeout.Token);
        Assert.True(restart.Success, $"the dashboard's restart command: {restart.Message}");
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} restart command done");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("notification", timeout.Token);
        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} notification healthy again");
        var restarted = Stopwatch.StartNew();
        await WaitUntilAsync(() => HandledAsync(stack, submitted, recipients), DrainBound, "the cases submitted while notification was down are notified");
        output.WriteLine($"Notification restarted to caught up: {restarted.Elapsed.TotalSeconds:F1} s.");

        // Exactly once: one SLA record per case, each case's notifications once per recipient.
        var rows = await NotificationsAsync(stack);
        Assert.Equal(submitted.Count, submitted.Distinct().Count());
        Assert.All(submitted, caseId => Assert.Equal(recipients, rows.Count(row => row.CaseId == caseId)));
        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.Equal(submitted.Order(), (await SlaRecordsAsync(stack)).Order());
    }

    /// <summary>Every case has its SLA record and (once known) its number of notifications.</summary>
    private static async Task<bool> HandledAsync(RunningStack stack, IReadOnlyList<string> cases, int? recipients)
    {
        var sla = (await SlaRecordsAsync(stack)).ToHashSet();
        var notified = (await NotificationsAsync(stack)).GroupBy(row => row.CaseId).ToDictionary(group => group.Key, group => group.Count());
        return cases.All(caseId => sla.Contains(caseId)
            && notified.TryGetValue(caseId, out var count) && (recipients is null ? count > 0 : count >= recipients));
    }

    private static Task<List<string>> SlaRecordsAsync(RunningStack stack) =>
        SqliteRows.QueryAsync(Path.Combine(stack.DataDirectory, "escalationdb.db"), "SELECT case_id FROM sla_clocks", reader => reader.GetString(0));

    private static Task<List<(string CaseId, string Kind, string Recipient, string Channel)>> NotificationsAsync(RunningStack stack) =>
        SqliteRows.QueryAsync(Path.Combine(stack.DataDirectory, "notificationdb.db"),
            "SELECT case_id, recipient_kind, recipient_id, channel FROM notifications WHERE event_type = 'CaseSubmitted'",
            reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));

}
