using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Shared;
using Xunit.Abstractions;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// The AppHost with <c>Services:Replicas=2</c>: every service runs as two processes behind its one
/// endpoint. A burst through that endpoint reaches both case replicas; each case is applied once,
/// each SLA timer fires once although two escalation replicas run them, no notification is sent
/// twice, and a change of the responsibility matrix reaches both case replicas' caches.
/// </summary>
public sealed class ReplicaTests(ITestOutputHelper output)
{
    private const int Replicas = 2;

    private const int Burst = 300;

    /// <summary>Client connections: DCP's proxy gives each connection to one replica (not evenly: the first run split the burst 20 / 280 over eight).</summary>
    private const int Connections = 16;

    /// <summary>The Premium Plus P2 response and resolution target here; the warnings fall due at half of it.</summary>
    private static readonly TimeSpan P2Target = TimeSpan.FromSeconds(60);

    /// <summary>A response warning, a resolution warning and a breach of each.</summary>
    private const int AlertsPerCase = 4;

    [Fact]
    public async Task EveryServiceAsTwoReplicas_SharesTheBurst_AppliesEachCaseOnce_FiresEachTimerOnce_AndBothFollowAMatrixChange()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await using var stack = await RunningStack.StartAsync(timeout.Token,
            // Each request in the case replicas' logs: which replica served what.
            builder => builder.CreateResourceBuilder<ProjectResource>("cases")
                .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics", "Information"),
            $"--Services:Replicas={Replicas}");
        var (app, clients) = (stack.App, stack.Clients);

        // Two processes per service, each running and healthy.
        var replicas = new Dictionary<string, IReadOnlyList<(string Id, int Pid)>>();
        foreach (var service in RunningStack.Services)
        {
            replicas[service] = await RunningReplicasAsync(app, service, timeout.Token);
            output.WriteLine($"{service}: {string.Join(", ", replicas[service].Select(replica => $"{replica.Id} (pid {replica.Pid})"))}");
            Assert.Equal(Replicas, replicas[service].Select(replica => replica.Pid).Distinct().Count());
        }
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var caseLogs = replicas["cases"].ToDictionary(replica => replica.Id, replica => Watch(app, replica.Id, watching.Token));

        var admin = Bearer(await clients.AdminTokenAsync());
        var current = (await clients.SlaPolicies.ListSlaPoliciesAsync(new ListSlaPoliciesRequest { Plan = SupportPlan.PremiumPlus, Priority = Priority.P2 }, admin)).Policies[0];
        await clients.SlaPolicies.UpdateSlaPolicyAsync(new UpdateSlaPolicyRequest
        {
            Plan = SupportPlan.PremiumPlus, Priority = Priority.P2, Response = Duration.FromTimeSpan(P2Target), Resolution = Duration.FromTimeSpan(P2Target),
            WarningPercent = 50, Coverage = Coverage._24X7, ExpectedVersion = current.Version,
        }, admin);
        var customer = await clients.CreateCustomerAsync(SupportPlan.PremiumPlus);
        var agent = await clients.CreatePersonAsync(customer.OrganizationId, Role.L1Agent);
        var engineer = await clients.CreateVendorEngineerAsync();

        // The burst, over several connections to the one endpoint.
        var endpoint = app.GetEndpoint("cases", "http");
        var channels = Enumerable.Range(0, Connections).Select(_ => GrpcChannel.ForAddress(endpoint)).ToList();
        try
        {
            var submitted = new ConcurrentBag<string>();
            var next = -1;
            await Task.WhenAll(channels.Select(channel => Task.Run(async () =>
            {
                var cases = new CaseService.CaseServiceClient(channel);
                int index;
                while ((index = Interlocked.Increment(ref next)) < Burst)
                {
                    var reply = await cases.SubmitCaseAsync(ValidCase(Priority.P2, requestId: $"burst-{index}"), Bearer(agent.Token));
                    submitted.Add(reply.Case.CaseId);
                }
            })));
            var lastSubmitted = DateTime.UtcNow;
            // The replicas' console lines reach the AppHost a moment after the calls.
            await WaitUntilAsync(() => Task.FromResult(caseLogs.Values.Sum(lines => lines.Count(line => line.Contains("Request starting") && line.Contains("CaseService/SubmitCase"))) >= Burst),
                TimeSpan.FromSeconds(15), "every SubmitCase of the burst is in a case replica's log");
            var served = caseLogs.ToDictionary(pair => pair.Key, pair => pair.Value.Count(line => line.Contains("Request starting") && line.Contains("CaseService/SubmitCase")));
            output.WriteLine($"SubmitCase served: {string.Join(", ", served.Select(pair => $"{pair.Key} {pair.Value}"))}");
            Assert.All(served, pair => Assert.True(pair.Value > 0, $"{pair.Key} served none of the burst"));
            Assert.Equal(Burst, served.Values.Sum());

            // Every case once, with one SLA record, and every timer once: each P2's warnings and breaches.
            var cases = submitted.ToHashSet();
            Assert.Equal(Burst, cases.Count);
            await WaitUntilAsync(async () => (await AlertsAsync(stack)).Count(alert => cases.Contains(alert.CaseId)) >= AlertsPerCase * Burst,
                P2Target + TimeSpan.FromSeconds(60), $"the {AlertsPerCase * Burst} warnings and breaches of the burst are raised");
            output.WriteLine($"every warning and breach raised {(DateTime.UtcNow - lastSubmitted).TotalSeconds:F1} s after the last submission");
            // Anything doubled late (a second replica's timer, a redelivery) has a moment to show.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var rows = await SqliteRows.QueryAsync(Path.Combine(stack.DataDirectory, "casedb.db"), "SELECT request_id FROM cases WHERE request_id LIKE 'burst-%'", reader => reader.GetString(0));
            Assert.Equal(Burst, rows.Count);
            Assert.Equal(Burst, rows.Distinct().Count());
            var sla = await SqliteRows.QueryAsync(Path.Combine(stack.DataDirectory, "escalationdb.db"), "SELECT case_id FROM sla_clocks", reader => reader.GetString(0));
            Assert.Equal(cases.Order(), sla.Where(cases.Contains).Order());
            var alerts = (await AlertsAsync(stack)).Where(alert => cases.Contains(alert.CaseId)).ToList();
            Assert.All(alerts.GroupBy(alert => alert.CaseId), group => Assert.Equal(AlertsPerCase, group.Distinct().Count()));
            Assert.Equal(AlertsPerCase * Burst, alerts.Count);
            var notifications = await SqliteRows.QueryAsync(Path.Combine(stack.DataDirectory, "notificationdb.db"),
                "SELECT event_id, recipient_kind, recipient_id, channel, COALESCE(case_id, '') FROM notifications",
                reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
            Assert.Equal(notifications.Count, notifications.Distinct().Count());
            Assert.All(cases, caseId => Assert.Contains(notifications, row => row.Item5 == caseId));
            output.WriteLine($"{rows.Count} cases, {sla.Count} SLA records, {alerts.Count} warnings and breaches, {notifications.Count} notifications; none twice");

            // Both case replicas cache the matrix's answer: the vendor may not close a resolved case
            // (closing is the customer's task by default). The matrix changes; both follow.
            var closes = new List<(CaseService.CaseServiceClient Cases, CloseCaseRequest Close)>();
            foreach (var channel in channels)
            {
                var client = new CaseService.CaseServiceClient(channel);
                var close = await ResolvedQuestionAsync(client, agent.Token, engineer.Token);
                var refused = await Assert.ThrowsAsync<RpcException>(() => client.CloseCaseAsync(close, Bearer(engineer.Token)).ResponseAsync);
                Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
                closes.Add((client, close));
            }
            await clients.Responsibilities.SetMatrixOverrideAsync(VendorRunsEndUserHelpdesk(customer.OrganizationId), admin);
            var dropped = $"Responsibility matrix of organisation {customer.OrganizationId} changed";
            foreach (var (replica, lines) in caseLogs)
            {
                await WaitUntilAsync(() => Task.FromResult(lines.Any(line => line.Contains(dropped))), TimeSpan.FromSeconds(10), $"{replica} drops the organisation's cached answers");
            }
            foreach (var (client, close) in closes)
            {
                await client.CloseCaseAsync(close, Bearer(engineer.Token));
            }
            await WaitUntilAsync(() => Task.FromResult(caseLogs.Values.Sum(lines => lines.Count(line => line.Contains("Request starting") && line.Contains("CaseService/CloseCase"))) >= 2 * Connections),
                TimeSpan.FromSeconds(15), "every CloseCase is in a case replica's log");
            var closing = caseLogs.ToDictionary(pair => pair.Key, pair => pair.Value.Count(line => line.Contains("Request starting") && line.Contains("CaseService/CloseCase")));
            output.WriteLine($"CloseCase served (refused, then accepted): {string.Join(", ", closing.Select(pair => $"{pair.Key} {pair.Value}"))}");
            Assert.All(closing, pair => Assert.True(pair.Value >= 2, $"{pair.Key} served {pair.Value} CloseCase calls; each replica should have refused one and accepted one"));
        }
        finally
        {
            channels.ForEach(channel => channel.Dispose());
            watching.Cancel();
        }
        await stack.AssertNoErrorLoggedAsync(output);
    }

    /// <summary>The service's replicas (DCP's instance names) once every one is running and healthy, with their process ids.</summary>
    private static async Task<IReadOnlyList<(string Id, int Pid)>> RunningReplicasAsync(DistributedApplication app, string service, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var change in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (change.Resource.Name != service)
            {
                continue;
            }
            latest[change.ResourceId] = change.Snapshot;
            var running = latest.Where(pair => pair.Value.State?.Text == KnownResourceStates.Running && pair.Value.HealthStatus == HealthStatus.Healthy
                    && pair.Value.Properties.Any(property => property.Name == "executable.pid"))
                .Select(pair => (pair.Key, int.Parse(pair.Value.Properties.First(property => property.Name == "executable.pid").Value!.ToString()!, System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            if (running.Count == Replicas)
            {
                return running;
            }
        }
        throw new OperationCanceledException($"{service} did not run {Replicas} healthy replicas in time.");
    }

    /// <summary>Every console line of one replica from its start, collected until cancelled.</summary>
    private static ConcurrentQueue<string> Watch(DistributedApplication app, string instance, CancellationToken cancellationToken)
    {
        var lines = new ConcurrentQueue<string>();
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(instance).WithCancellation(cancellationToken))
                {
                    foreach (var line in batch)
                    {
                        lines.Enqueue(line.Content);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Watching ends with the test.
            }
        }, CancellationToken.None);
        return lines;
    }

    private static Task<List<(string CaseId, string Target, string Kind)>> AlertsAsync(RunningStack stack) =>
        SqliteRows.QueryAsync(Path.Combine(stack.DataDirectory, "escalationdb.db"), "SELECT case_id, target, kind FROM sla_alerts WHERE raised = 1",
            reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2)));
}
