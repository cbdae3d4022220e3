using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.Cases.V1;
using Google.Protobuf.WellKnownTypes;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.V1;
using SupportPlatform.Identity.V1;
using SupportPlatform.Tests.Shared;
using static SupportPlatform.Benchmark.BenchRequests;

namespace SupportPlatform.Benchmark;

/// <summary>
/// The fault suite (./faults.sh): for each fault, a fresh stack of processes and a burst of
/// submissions (10,000 by default), every tenth a P1 that an engineer acknowledges and resolves
/// (so that it gets an RCA). A third of the way in, the fault: the broker's node is killed (its
/// supervisor starts it again on the same port), or one service is killed with SIGKILL and
/// started again (escalation when the first P2s' warnings fall due, so they do while it is down), or,
/// with two replicas of every service (the submissions going to both cases replicas in turn), the
/// first replica of each, which holds the timer leases, is killed for good as those warnings fall
/// due, and the second must take over its timers, its leased outbox rows and its messages.
/// Clients do what a client must: a call that fails for the fault is repeated,
/// with the same request id, until it is acknowledged. Then, read from each service's own
/// database: every acknowledged case exists exactly once, every case has exactly one SLA record,
/// no notification exists twice and each case got those of a case submitted before the fault,
/// every resolved P1 has exactly one RCA. The P2s are never acknowledged, and their targets are
/// shortened to a minute (warnings at 30 s): every P2 raises its response and resolution warnings
/// and breaches during the burst and after it, each exactly once, whatever was down meanwhile.
/// </summary>
public static class FaultsBench
{
    public const string Scenario = "faults";

    /// <summary>
    /// The faults, each in its own run: the broker's node, then each service that consumes or relays
    /// events, then replicas (two of every service, the one holding the timers killed for good), then a
    /// node of a three-node broker cluster with quorum queues.
    /// </summary>
    public static readonly string[] Faults = ["broker", "cases", "escalation", "notification", "rca", "replicas", "cluster"];

    /// <summary>Broker nodes in the cluster run.</summary>
    private const int ClusterNodes = 3;

    /// <summary>How long the killed cluster node stays away before its supervisor starts it again, in seconds.</summary>
    private const int ClusterNodeAway = 20;

    /// <summary>
    /// The cluster run's burst at most, and its P2 target. Three Erlang nodes replicating every
    /// message on these two cores fall behind a burst of 10,000 (a CI run's escalation wrote SLA
    /// records more than a minute after their cases), and a warning whose breach is already due
    /// when its SLA record is written is rightly never raised: 783 P2s had none. A smaller burst and
    /// a longer target keep the run about the node's loss, not about the machine's throughput.
    /// </summary>
    private const int ClusterBurst = 3_000;

    private static readonly TimeSpan ClusterP2Target = TimeSpan.FromSeconds(120);

    private const int Workers = 32;

    /// <summary>A P2's response and resolution target in these runs; its warnings fall due at half of it.</summary>
    private static readonly TimeSpan P2Target = TimeSpan.FromSeconds(60);

    /// <summary>Warnings and breaches each P2 raises: a warning and a breach of its response and of its resolution target.</summary>
    private const int AlertsPerP2 = 4;

    /// <summary>From the end of the burst to every effect in place: the last P2's breaches fall due a minute after it.</summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(180);

    /// <summary>
    /// The same for the cluster run: every message is written to three nodes on these two cores
    /// (its first run of 10,000 needed 140 s, against 70–90 s on one node).
    /// </summary>
    private static readonly TimeSpan ClusterDrainBound = TimeSpan.FromSeconds(300);

    /// <summary>
    /// The replicas run: escalation's timer leases shortened to 10 s (30 s by default), the longest
    /// a timer may be late when its replica dies. Longer, and a warning due while no replica holds
    /// the lease could be overtaken by its breach 30 s later, and is then rightly never raised.
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string> ReplicaSettings = new Dictionary<string, string>(BenchStack.Unlimited)
    {
        ["SlaTimers__Lease"] = "00:00:10",
        ["PageTimers__Lease"] = "00:00:10",
        ["Hotline__Lease"] = "00:00:10",
    };

    /// <summary>How long a client keeps repeating one call before the run is failed.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(120);

    /// <summary><c>[--burst N] [fault …]</c>: every fault when none is named; exit code 1 when any check fails.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        var burst = 10_000;
        var faults = new List<string>();
        for (var index = 0; index < args.Length; index++)
        {
            if (args[index] == "--burst" && index + 1 < args.Length && int.TryParse(args[index + 1], out burst) && burst >= 30)
            {
                index++;
            }
            else if (Faults.Contains(args[index]))
            {
                faults.Add(args[index]);
            }
            else
            {
                Console.Error.WriteLine($"usage: ./faults.sh [--burst N (at least 30)] [{string.Join(" ", Faults)}] — the faults to inject; none named injects each in turn");
                return 2;
            }
        }
        var clock = Stopwatch.StartNew();
        var rows = new List<TargetRow>();
        foreach (var fault in faults.Count == 0 ? Faults : [.. faults])
        {
            rows.AddRange(await RunOneAsync(fault, fault == "cluster" ? Math.Min(burst, ClusterBurst) : burst));
        }
        Console.WriteLine();
        Console.WriteLine(TargetRow.Header);
        rows.ForEach(Console.WriteLine);
        var failed = rows.Count(row => !row.Pass);
        Console.WriteLine($"fault suite: {rows.Count - failed} of {rows.Count} checks passed in {clock.Elapsed.TotalMinutes:F1} min");
        return failed == 0 ? 0 : 1;
    }

    private static async Task<IReadOnlyList<TargetRow>> RunOneAsync(string fault, int burst)
    {
        var clock = Stopwatch.StartNew();
        await using var stack = fault switch
        {
            "replicas" => await BenchStack.StartAsync(ReplicaSettings, replicas: 2),
            "cluster" => await BenchStack.StartAsync(brokerNodes: ClusterNodes, brokerRestartDelay: ClusterNodeAway),
            _ => await BenchStack.StartAsync(),
        };
        Console.WriteLine($"faults/{fault}: stack started in {clock.Elapsed.TotalSeconds:F1} s ({string.Join(", ", stack.Services.Select(service => service.Label))}); " +
            $"a burst of {burst:N0} submissions by {Workers} clients, the fault after {burst / 3:N0}");
        var channels = stack.Services.ToDictionary(service => service.Label, service => GrpcChannel.ForAddress(service.Address, new GrpcChannelOptions
        {
            // A killed service is back within seconds: reconnect as soon as it is, not after gRPC's two-minute backoff.
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
        }));
        try
        {
            var identity = channels["identity"];
            var tokens = new TokenService.TokenServiceClient(identity);
            var admin = Bearer((await tokens.IssueTokenAsync(new IssueTokenRequest
            {
                GrantType = GrantType.ClientCredentials, ClientId = "bootstrap-admin", ClientSecret = BenchStack.BootstrapSecret,
            })).AccessToken);
            var vendor = (await new OrganizationService.OrganizationServiceClient(identity).GetVendorOrganizationAsync(new GetVendorOrganizationRequest(), admin)).Organization;
            var customers = new List<Metadata>();
            for (var index = 0; index < 4; index++)
            {
                var organization = (await new OrganizationService.OrganizationServiceClient(identity).RegisterOrganizationAsync(new RegisterOrganizationRequest
                {
                    Name = $"Faults customer {index + 1}", Plan = SupportPlan.PremiumPlus, Deployment = Deployment.Cloud, TimeZone = "Europe/Amsterdam",
                }, admin)).Organization;
                customers.Add(await SignInAsync(identity, admin, organization.OrganizationId, Role.L1Agent, $"agent{index}"));
            }
            var engineer = await SignInAsync(identity, admin, vendor.OrganizationId, Role.L2Engineer, "engineer");
            await ShortenP2TargetsAsync(new SlaPolicyService.SlaPolicyServiceClient(channels["escalation"]), admin, fault == "cluster" ? ClusterP2Target : P2Target);
            // One client per replica: each submission goes to one of them in turn, and a call that
            // failed is repeated on the next, as a load balancer would (one replica: always that one).
            var cases = stack.Replicas("cases").Select(replica => new CaseService.CaseServiceClient(channels[replica.Label])).ToArray();
            var perReplica = new int[cases.Length];

            // Before the fault: one case of each kind, whose notifications every case must get.
            var baseline = new Dictionary<Priority, string>();
            foreach (var priority in new[] { Priority.P1, Priority.P2 })
            {
                var caseId = await SubmitAsync(cases[0], customers[0], Request($"baseline-{priority}", priority));
                if (priority == Priority.P1)
                {
                    await ResolveAsync(cases[0], engineer, caseId);
                }
                baseline[priority] = caseId;
            }

            var acknowledged = new ConcurrentDictionary<string, (string CaseId, Priority Priority)>();
            var retries = 0;
            var next = -1;
            var faultDone = new TaskCompletionSource<Injected>(TaskCreationOptions.RunContinuationsAsynchronously);
            var burstClock = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < burst)
                {
                    var priority = index % 10 == 0 ? Priority.P1 : Priority.P2;
                    var requestId = $"burst-{index}";
                    var request = Request(requestId, priority);
                    var (caseId, repeated) = await RepeatAsync(attempt => SubmitAsync(cases[(index + attempt) % cases.Length], customers[index % customers.Count], request));
                    Interlocked.Add(ref retries, repeated);
                    Interlocked.Increment(ref perReplica[(index + repeated) % cases.Length]);
                    acknowledged[requestId] = (caseId, priority);
                    if (priority == Priority.P1)
                    {
                        // Resolved through the other replica, where there are two.
                        var (_, resolveRetries) = await RepeatAsync(async attempt => { await ResolveAsync(cases[(index + 1 + attempt) % cases.Length], engineer, caseId); return ""; });
                        Interlocked.Add(ref retries, resolveRetries);
                    }
                }
            })).ToList();
            var faulting = Task.Run(async () =>
            {
                // A third of the way in; escalation when the first P2s' warnings fall due, so that they do while it is down.
                var at = fault is "escalation" or "replicas" ? P2Target / 2 - TimeSpan.FromSeconds(2) : TimeSpan.Zero;
                while (acknowledged.Count < burst / 3 || burstClock.Elapsed < at)
                {
                    await Task.Delay(20);
                }
                faultDone.SetResult(await InjectAsync(stack, fault));
            });
            await Task.WhenAll(workers);
            await faulting;
            var burstSeconds = burstClock.Elapsed.TotalSeconds;
            var injected = await faultDone.Task;
            Console.WriteLine($"  {injected.Line}; burst done in {burstSeconds:F1} s: {acknowledged.Count:N0} acknowledged, {retries:N0} calls repeated after a failure");
            if (cases.Length > 1)
            {
                Console.WriteLine($"  acknowledged by replica: {string.Join(", ", stack.Replicas("cases").Select((replica, at) => $"{replica.Label} {perReplica[at]:N0}"))}");
            }

            var drain = Stopwatch.StartNew();
            var expected = acknowledged.Values.Select(entry => entry.CaseId).Concat(baseline.Values).ToHashSet();
            var p1s = acknowledged.Values.Where(entry => entry.Priority == Priority.P1).Select(entry => entry.CaseId).Append(baseline[Priority.P1]).ToHashSet();
            Effects effects;
            while (true)
            {
                effects = await Effects.ReadAsync(stack.DataDirectory);
                if (effects.Complete(expected, p1s, baseline) || drain.Elapsed > (fault == "cluster" ? ClusterDrainBound : DrainBound))
                {
                    break;
                }
                await Task.Delay(500);
            }
            var complete = effects.Complete(expected, p1s, baseline);
            Console.WriteLine($"  every effect in place {drain.Elapsed.TotalSeconds:F1} s after the burst" + (complete ? "" : " — NOT within the bound"));
            // Anything doubled late (a redelivery, a timer firing twice) has a moment to show.
            await Task.Delay(TimeSpan.FromSeconds(3));
            effects = await Effects.ReadAsync(stack.DataDirectory);
            var report = effects.Check(expected, p1s, baseline, acknowledged.Keys.ToHashSet());
            foreach (var line in report.Lines)
            {
                Console.WriteLine("  " + line);
            }
            var blind = effects.BlindSpots(expected, p1s, baseline, acknowledged.Keys.ToHashSet());
            Console.WriteLine(blind.Count == 0
                ? "  the checks refuse the same records with a case doubled, an SLA record, an RCA or an alert missing, a notification doubled"
                : $"  the checks do NOT refuse: {string.Join(", ", blind)}");
            var extraRows = fault == "cluster" ? await ClusterRowsAsync(stack, injected.FlowedWhileAway ?? 0) : [];
            if (fault == "replicas")
            {
                // Both took a real share before the kill (a third of the burst or more, in turn).
                var least = burst / 10;
                extraRows.Add(new TargetRow("replicas: burst to both cases replicas",
                    string.Join(" + ", perReplica.Select(count => count.ToString("N0"))), $"each >= {least:N0}", perReplica.All(count => count >= least)));
                var holders = await TimerLeaseHoldersAsync(stack.DataDirectory);
                var survivor = stack.Replicas("escalation").Single(replica => replica.Replica != injected.KilledReplica);
                Console.WriteLine($"  timer leases after the run: {string.Join(", ", holders.Select(pair => $"{pair.Key} held by pid {pair.Value}"))}; the surviving escalation replica is pid {survivor.Pid}");
                extraRows.Add(new TargetRow("replicas: timers taken over by the survivor",
                    $"{holders.Count(pair => pair.Value == survivor.Pid)} of {holders.Count} leases", "all", holders.Count > 0 && holders.Values.All(pid => pid == survivor.Pid)));
            }
            return
            [
                .. extraRows,
                new TargetRow($"{fault}: cases, once each", $"{report.Cases:N0} of {expected.Count:N0}", "all, once", report.CasesOk),
                new TargetRow($"{fault}: SLA records, once each", $"{report.SlaRecords:N0} of {expected.Count:N0}", "all, once", report.SlaOk),
                new TargetRow($"{fault}: notifications, once each", $"{report.Notifications:N0}, {report.DuplicateNotifications} twice", "all, once", report.NotificationsOk),
                new TargetRow($"{fault}: RCAs of P1s, once each", $"{report.Rcas:N0} of {p1s.Count:N0}", "all, once", report.RcasOk),
                new TargetRow($"{fault}: P2 warnings+breaches, once each", $"{report.Alerts:N0} of {AlertsPerP2 * (expected.Count - p1s.Count):N0}", "all, once", report.AlertsOk),
                new TargetRow($"{fault}: checks refuse broken records", blind.Count == 0 ? "all five" : $"{5 - blind.Count} of five", "all five", blind.Count == 0),
            ];
        }
        finally
        {
            foreach (var channel in channels.Values)
            {
                channel.Dispose();
            }
        }
    }

    /// <summary>Premium Plus P2s: response and resolution within <paramref name="target"/> (a minute; two in the cluster run), around the clock, warnings at half of it.</summary>
    private static async Task ShortenP2TargetsAsync(SlaPolicyService.SlaPolicyServiceClient policies, Metadata admin, TimeSpan target)
    {
        var current = (await policies.ListSlaPoliciesAsync(new ListSlaPoliciesRequest { Plan = SupportPlan.PremiumPlus, Priority = Priority.P2 }, admin)).Policies[0];
        await policies.UpdateSlaPolicyAsync(new UpdateSlaPolicyRequest
        {
            Plan = SupportPlan.PremiumPlus, Priority = Priority.P2, Response = Duration.FromTimeSpan(target), Resolution = Duration.FromTimeSpan(target),
            WarningPercent = 50, Coverage = Coverage._24X7, ExpectedVersion = current.Version,
        }, admin);
    }

    /// <summary>The fault, then what brings the stack back; a line saying what was done.</summary>
    private static async Task<Injected> InjectAsync(BenchStack stack, string fault)
    {
        var clock = Stopwatch.StartNew();
        if (fault == "replicas")
        {
            // The replica of every service whose escalation holds the SLA timers (the first, unless
            // the lease moved before the fault) is killed for good as its warnings fall due:
            // the other must take over its timers, its leased outbox rows and its unacknowledged messages.
            var holders = await TimerLeaseHoldersAsync(stack.DataDirectory);
            var victim = stack.Replicas("escalation").FirstOrDefault(replica => holders.TryGetValue("sla-timers", out var pid) && pid == replica.Pid)
                ?? throw new InvalidOperationException("No escalation replica holds the sla-timers lease: " +
                    string.Join(", ", holders.Select(pair => $"{pair.Key} by {pair.Value}")));
            var held = holders.Where(pair => pair.Value == victim.Pid).Select(pair => pair.Key).ToList();
            var elsewhere = holders.Where(pair => pair.Value != victim.Pid).Select(pair => $"{pair.Key} by pid {pair.Value}").ToList();
            // Identity's first replica in any case: the services call identity at its last replica's address.
            var group = stack.Services.Where(candidate => candidate.Replica == (candidate.Name == "identity" ? 1 : victim.Replica)).ToList();
            var names = group.Select(candidate => $"{candidate.Label} ({candidate.Pid})").ToList();
            group.ForEach(candidate => candidate.Kill9());
            return new($"replica {victim.Replica} of every service (identity's first) killed with SIGKILL, for good: {string.Join(", ", names)}; its escalation held {string.Join(", ", held)}" +
                (elsewhere.Count == 0 ? "" : $" (already held by the other: {string.Join(", ", elsewhere)})"), KilledReplica: victim.Replica);
        }
        if (fault is "broker" or "cluster")
        {
            // The supervisor restarts a node only once it has run 15 s (a node that cannot start is not looped).
            var ran = DateTime.UtcNow - stack.BrokerStartedAt;
            if (ran < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(TimeSpan.FromSeconds(20) - ran);
            }
            var pid = stack.KillBrokerNode();
            var address = new Uri(stack.BrokerConnectionString);
            int? flowed = null;
            if (fault == "cluster")
            {
                // Events flow through the other two nodes while this one is away: SLA records are
                // written from CaseSubmitted events meanwhile (measured until 3 s before it is back).
                var before = await SlaRecordCountAsync(stack.DataDirectory);
                await Task.Delay(TimeSpan.FromSeconds(ClusterNodeAway - 3));
                flowed = await AmqpProbe.AnswersAsync(address) ? 0 : await SlaRecordCountAsync(stack.DataDirectory) - before;
            }
            while (!await AmqpProbe.AnswersAsync(address))
            {
                await Task.Delay(100);
            }
            return fault == "broker"
                ? new($"broker node (pid {pid}) killed; its supervisor had it answering AMQP again after {clock.Elapsed.TotalSeconds:F1} s")
                : new($"broker node 1 of {ClusterNodes} (pid {pid}, the one the connection string names) killed; {flowed:N0} SLA records written in the " +
                  $"{ClusterNodeAway - 3} s after, through the other two; its supervisor had it answering AMQP again after {clock.Elapsed.TotalSeconds:F1} s " +
                  $"({ClusterNodeAway} s away by design)", flowed);
        }
        var service = stack.Services.Single(candidate => candidate.Name == fault);
        var killed = service.Pid;
        service.Kill9();
        await Task.Delay(TimeSpan.FromSeconds(2));
        service.Start();
        await service.WaitServingAsync(TimeSpan.FromSeconds(60));
        return new($"{fault} (pid {killed}) killed with SIGKILL, started again 2 s later, SERVING after {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Repeats a call that failed for the fault (not for what it sent) until it is answered; the
    /// call is given its attempt's number (0 first), by which it may choose another replica.
    /// </summary>
    private static async Task<(T Result, int Retries)> RepeatAsync<T>(Func<int, Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        for (var retries = 0; ; retries++)
        {
            try
            {
                return (await call(retries), retries);
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled
                or StatusCode.Unknown or StatusCode.Internal or StatusCode.Aborted && clock.Elapsed < GiveUp)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 + Random.Shared.Next(200)));
            }
        }
    }

    /// <summary>
    /// The cluster run's own checks, from rabbitmqctl: every node running again after the fault,
    /// and every consumer's shared queue (durable, not auto-deleted; not MassTransit's _error and
    /// _skipped queues) a quorum queue.
    /// </summary>
    private static async Task<List<TargetRow>> ClusterRowsAsync(BenchStack stack, int flowedWhileAway)
    {
        var status = System.Text.Json.JsonDocument.Parse(await stack.RabbitCtlAsync("cluster_status", "--formatter", "json")).RootElement;
        var running = status.GetProperty("running_nodes").GetArrayLength();
        var queues = System.Text.Json.JsonDocument.Parse(await stack.RabbitCtlAsync("list_queues", "name", "type", "durable", "auto_delete", "--formatter", "json")).RootElement
            .EnumerateArray()
            .Select(queue => (Name: queue.GetProperty("name").GetString()!, Type: queue.GetProperty("type").GetString()!,
                Durable: queue.GetProperty("durable").GetBoolean(), AutoDelete: queue.GetProperty("auto_delete").GetBoolean()))
            .ToList();
        var shared = queues.Where(queue => queue.Durable && !queue.AutoDelete && !queue.Name.EndsWith("_error", StringComparison.Ordinal) && !queue.Name.EndsWith("_skipped", StringComparison.Ordinal)).ToList();
        var quorum = shared.Count(queue => queue.Type == "quorum");
        Console.WriteLine($"  cluster: {running} of {ClusterNodes} nodes running; shared queues: {string.Join(", ", shared.Select(queue => $"{queue.Name} ({queue.Type})"))}");
        return
        [
            new TargetRow("cluster: events flow with a node away", $"{flowedWhileAway:N0} SLA records", "more than 0", flowedWhileAway > 0),
            new TargetRow("cluster: every node running again", $"{running} of {ClusterNodes}", "all", running == ClusterNodes),
            new TargetRow("cluster: shared queues are quorum queues", $"{quorum} of {shared.Count}", "all", shared.Count > 0 && quorum == shared.Count),
        ];
    }

    private static async Task<int> SlaRecordCountAsync(string directory) =>
        (await SqliteRows.QueryAsync(Path.Combine(directory, "escalationdb.db"), "SELECT COUNT(*) FROM sla_clocks", reader => reader.GetInt32(0))).Single();

    /// <summary>What a fault did, in a line; for the cluster run, the SLA records written while its node was away; for the replicas run, which replica of every service was killed.</summary>
    private sealed record Injected(string Line, int? FlowedWhileAway = null, int? KilledReplica = null);

    /// <summary>Escalation's timer leases (SLA, paging, hotline; each renewed every few seconds) and the process id of each one's holder ("machine/pid/guid").</summary>
    private static async Task<Dictionary<string, int>> TimerLeaseHoldersAsync(string directory) =>
        (await SqliteRows.QueryAsync(Path.Combine(directory, "escalationdb.db"),
            "SELECT name, lease_owner FROM maintenance_leases WHERE name IN ('sla-timers', 'page-timers', 'hotline-watch') AND lease_owner IS NOT NULL",
            reader => (Name: reader.GetString(0), Pid: int.Parse(reader.GetString(1).Split('/')[1], System.Globalization.CultureInfo.InvariantCulture))))
        .ToDictionary(row => row.Name, row => row.Pid);

    /// <summary>One submission, sent unchanged on every attempt: a repeat is recognised by its request id and content.</summary>
    private static SubmitCaseRequest Request(string requestId, Priority priority)
    {
        var request = Case(priority);
        request.RequestId = requestId;
        return request;
    }

    private static async Task<string> SubmitAsync(CaseService.CaseServiceClient cases, Metadata agent, SubmitCaseRequest request) =>
        (await cases.SubmitCaseAsync(request, agent, deadline: DateTime.UtcNow.AddSeconds(10))).Case.CaseId;

    /// <summary>Acknowledges and resolves a P1 as the vendor's engineer, from whatever state a repeated attempt finds it in.</summary>
    private static async Task ResolveAsync(CaseService.CaseServiceClient cases, Metadata engineer, string caseId)
    {
        var current = (await cases.GetCaseAsync(new GetCaseRequest { CaseId = caseId }, engineer, deadline: DateTime.UtcNow.AddSeconds(10))).Case;
        if (current.Status is CaseStatus.Resolved or CaseStatus.Closed)
        {
            return;
        }
        if (current.Status == CaseStatus.Submitted)
        {
            current = (await cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = caseId, Version = current.Version }, engineer,
                deadline: DateTime.UtcNow.AddSeconds(10))).Case;
        }
        await cases.ResolveCaseAsync(new ResolveCaseRequest
        {
            CaseId = caseId, Version = current.Version, ResolutionSummary = "Restored service by rolling back the change.",
            Cause = CauseAttribution.VendorComponent,
        }, engineer, deadline: DateTime.UtcNow.AddSeconds(10));
    }

    private static async Task<Metadata> SignInAsync(GrpcChannel identity, Metadata admin, string organizationId, Role role, string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@faults.example";
        const string password = "a-long-faults-password";
        await new PeopleService.PeopleServiceClient(identity).RegisterPersonAsync(new RegisterPersonRequest
        {
            OrganizationId = organizationId, DisplayName = name, Email = email, Phone = "+31201234567", Roles = { role }, Password = password,
            TrainingExpiresAt = role == Role.L1Agent ? Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)) : null,
        }, admin);
        var token = await new TokenService.TokenServiceClient(identity).IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = email, Password = password });
        return Bearer(token.AccessToken);
    }

    /// <summary>What the services recorded, read from their own databases.</summary>
    private sealed record Effects(
        List<(string RequestId, string CaseId)> Cases,
        List<string> SlaRecords,
        List<(string CaseId, string EventType, string Kind, string Recipient, string Channel, string EventId)> Notifications,
        List<(string CaseId, string RcaId)> RcaCases,
        int RcaCount,
        List<(string CaseId, string Target, string Kind)> Alerts)
    {
        public static async Task<Effects> ReadAsync(string directory) => new(
            await SqliteRows.QueryAsync(Path.Combine(directory, "casedb.db"), "SELECT request_id, id FROM cases", reader => (reader.GetString(0), reader.GetString(1))),
            await SqliteRows.QueryAsync(Path.Combine(directory, "escalationdb.db"), "SELECT case_id FROM sla_clocks", reader => reader.GetString(0)),
            // Notifications about an RCA carry its id instead of a case's: both count.
            await SqliteRows.QueryAsync(Path.Combine(directory, "notificationdb.db"),
                "SELECT COALESCE(case_id, 'rca:' || rca_id, ''), event_type, recipient_kind, recipient_id, channel, event_id FROM notifications",
                reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))),
            await SqliteRows.QueryAsync(Path.Combine(directory, "rcadb.db"), "SELECT case_id, rca_id FROM rca_cases", reader => (reader.GetString(0), reader.GetString(1))),
            (await SqliteRows.QueryAsync(Path.Combine(directory, "rcadb.db"), "SELECT COUNT(*) FROM rcas", reader => reader.GetInt32(0))).Single(),
            await SqliteRows.QueryAsync(Path.Combine(directory, "escalationdb.db"), "SELECT case_id, target, kind FROM sla_alerts WHERE raised = 1",
                reader => (reader.GetString(0), reader.GetString(1), reader.GetString(2))));

        private Dictionary<string, int> AlertsByCase() => Alerts.GroupBy(row => row.CaseId).ToDictionary(group => group.Key, group => group.Count());

        /// <summary>A case's notifications as a set of (event, recipient kind, channel): what a case of its kind gets.</summary>
        private Dictionary<string, List<(string EventType, string Kind, string Channel)>> NotifiedByCase() =>
            Notifications.GroupBy(row => row.CaseId).ToDictionary(group => group.Key,
                group => group.Select(row => (row.EventType, row.Kind, row.Channel)).Order().ToList());

        public bool Complete(HashSet<string> cases, HashSet<string> p1s, IReadOnlyDictionary<Priority, string> baseline)
        {
            var sla = SlaRecords.ToHashSet();
            var notified = NotifiedByCase();
            var rcas = RcaCases.Select(row => row.CaseId).ToHashSet();
            var alerts = AlertsByCase();
            return cases.All(sla.Contains) && p1s.All(rcas.Contains)
                && cases.Where(caseId => !p1s.Contains(caseId)).All(caseId => alerts.GetValueOrDefault(caseId) >= AlertsPerP2)
                && cases.All(caseId => notified.TryGetValue(caseId, out var rows)
                    && rows.Count >= notified.GetValueOrDefault(baseline[p1s.Contains(caseId) ? Priority.P1 : Priority.P2], []).Count);
        }

        /// <summary>The checks run on these records each broken once; what they failed to refuse (empty: all refused).</summary>
        public List<string> BlindSpots(HashSet<string> cases, HashSet<string> p1s, IReadOnlyDictionary<Priority, string> baseline, HashSet<string> requestIds)
        {
            var p2 = cases.First(caseId => !p1s.Contains(caseId));
            var broken = new (string Name, Effects Records, Func<Report, bool> Refused)[]
            {
                ("a doubled case", this with { Cases = [.. Cases, (Cases[0].RequestId, Guid.NewGuid().ToString())] }, report => !report.CasesOk),
                ("a missing SLA record", this with { SlaRecords = [.. SlaRecords.Skip(1)] }, report => !report.SlaOk),
                ("a missing RCA", this with { RcaCases = [.. RcaCases.Skip(1)], RcaCount = RcaCount - 1 }, report => !report.RcasOk),
                ("a missing alert", this with { Alerts = [.. Alerts.Where(row => row.CaseId != p2), .. Alerts.Where(row => row.CaseId == p2).Skip(1)] }, report => !report.AlertsOk),
                ("a doubled notification", this with { Notifications = [.. Notifications, Notifications[^1]] }, report => !report.NotificationsOk),
            };
            return broken.Where(entry => !entry.Refused(entry.Records.Check(cases, p1s, baseline, requestIds))).Select(entry => entry.Name).ToList();
        }

        public Report Check(HashSet<string> cases, HashSet<string> p1s, IReadOnlyDictionary<Priority, string> baseline, HashSet<string> requestIds)
        {
            var lines = new List<string>();
            var byRequest = Cases.GroupBy(row => row.RequestId).ToDictionary(group => group.Key, group => group.Count());
            var doubledCases = byRequest.Count(pair => pair.Value > 1);
            var missingCases = cases.Count(caseId => !Cases.Any(row => row.CaseId == caseId));
            var unasked = Cases.Count(row => !requestIds.Contains(row.RequestId) && !row.RequestId.StartsWith("baseline-", StringComparison.Ordinal));
            lines.Add($"cases: {Cases.Count:N0} rows for {cases.Count:N0} acknowledged; {missingCases} missing, {doubledCases} request ids twice, {unasked} never asked for");

            var slaCounts = SlaRecords.GroupBy(caseId => caseId).ToDictionary(group => group.Key, group => group.Count());
            var slaMissing = cases.Count(caseId => !slaCounts.ContainsKey(caseId));
            var slaDoubled = slaCounts.Count(pair => pair.Value > 1);
            lines.Add($"SLA records: {SlaRecords.Count:N0}; {slaMissing} cases without, {slaDoubled} with more than one");

            // Twice: one event told to one recipient on one channel more than once. (A case's
            // warnings of its two targets are two events of one type: the event id tells them apart.)
            var duplicates = Notifications.Count - Notifications.Select(row => (row.EventId, row.Kind, row.Recipient, row.Channel)).Distinct().Count();
            var notified = NotifiedByCase();
            var unlike = cases.Where(caseId => !notified.TryGetValue(caseId, out var rows)
                || !rows.SequenceEqual(notified.GetValueOrDefault(baseline[p1s.Contains(caseId) ? Priority.P1 : Priority.P2], []))).ToList();
            lines.Add($"notifications: {Notifications.Count:N0} about these cases; {duplicates} twice; {unlike.Count} cases notified unlike the case of their kind submitted before the fault" +
                (unlike.Count == 0 ? "" : $" (e.g. {unlike[0]}: {string.Join(", ", notified.GetValueOrDefault(unlike[0], []))})"));

            var rcaByCase = RcaCases.GroupBy(row => row.CaseId).ToDictionary(group => group.Key, group => group.Count());
            var rcasMissing = p1s.Count(caseId => !rcaByCase.ContainsKey(caseId));
            lines.Add($"RCAs: {RcaCount:N0} for {p1s.Count:N0} resolved P1s; {rcasMissing} P1s without");

            var alerts = AlertsByCase();
            var p2s = cases.Where(caseId => !p1s.Contains(caseId)).ToList();
            var alertsWrong = p2s.Count(caseId => alerts.GetValueOrDefault(caseId) != AlertsPerP2);
            var alertsOnP1s = p1s.Sum(caseId => alerts.GetValueOrDefault(caseId));
            var alertKinds = Alerts.Where(row => !p1s.Contains(row.CaseId)).GroupBy(row => (row.Target, row.Kind)).Select(group => $"{group.Key.Target} {group.Key.Kind}: {group.Count():N0}");
            lines.Add($"SLA alerts raised: {string.Join(", ", alertKinds)}; {alertsWrong} P2s without exactly {AlertsPerP2}; {alertsOnP1s} on P1s (acknowledged and resolved at once)");

            return new Report(lines, cases.Count - missingCases, missingCases == 0 && doubledCases == 0 && unasked == 0 && Cases.Count == cases.Count,
                SlaRecords.Count, slaMissing == 0 && slaDoubled == 0 && SlaRecords.Count == cases.Count,
                Notifications.Count, duplicates, duplicates == 0 && unlike.Count == 0,
                RcaCount, rcasMissing == 0 && RcaCount == p1s.Count && RcaCases.Count == p1s.Count,
                p2s.Sum(caseId => Math.Min(AlertsPerP2, alerts.GetValueOrDefault(caseId))), alertsWrong == 0);
        }
    }

    private sealed record Report(List<string> Lines, int Cases, bool CasesOk, int SlaRecords, bool SlaOk,
        int Notifications, int DuplicateNotifications, bool NotificationsOk, int Rcas, bool RcasOk, int Alerts, bool AlertsOk);

}
