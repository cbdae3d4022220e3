using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Tests.Shared;

namespace SupportPlatform.Benchmark;

/// <summary>
/// A private RabbitMQ node and the five services, each a separate OS process started from its
/// build output (<c>dotnet src/X/bin/{configuration}/net10.0/SupportPlatform.X.dll</c>) with its
/// own SQLite file in a temporary folder — configured the way the AppHost configures them.
/// Everything it starts it stops, also on Ctrl+C.
/// </summary>
public sealed class BenchStack : IAsyncDisposable
{
    public const string BootstrapSecret = "bench-bootstrap-secret";
    private const string InternalServicesSecret = "bench-internal-services-secret";
    private const string BrokerUser = "bench";
    private const string BrokerPassword = "bench-password";
    private const string FloorVirtualHost = "floor";

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly List<ServiceProcess> services = [];
    private readonly List<BrokerNode> brokers = [];
    private int stopped;

    private BenchStack(string dataDirectory) => DataDirectory = dataDirectory;

    public string DataDirectory { get; }

    public string BrokerConnectionString { get; private set; } = "";

    /// <summary>The service (its first replica where there are several).</summary>
    public ServiceProcess Identity => Replicas("identity")[0];

    public ServiceProcess Cases => Replicas("cases")[0];

    public ServiceProcess Escalation => Replicas("escalation")[0];

    public ServiceProcess Notification => Replicas("notification")[0];

    public ServiceProcess Rca => Replicas("rca")[0];

    /// <summary>Every service process, identity first, each service's replicas in the order they were started.</summary>
    public IReadOnlyList<ServiceProcess> Services => services;

    /// <summary>A service's replicas, in the order they were started.</summary>
    public IReadOnlyList<ServiceProcess> Replicas(string name) => [.. services.Where(service => service.Name == name)];

    /// <summary>When the broker's node was started (or last seen started by this stack).</summary>
    public DateTime BrokerStartedAt { get; private set; }

    /// <summary>Each broker node's AMQP address (host:port), the first being the connection string's.</summary>
    public IReadOnlyList<string> BrokerNodes => [.. brokers.Select(node => $"127.0.0.1:{node.AmqpPort}")];

    /// <summary>
    /// SIGKILL of a broker node's Erlang VM (beam.smp), as a crash would end it; the supervising
    /// script (AppHost/rabbitmq-run.sh) starts the node again on the same port and data after
    /// RMQ_RESTART_DELAY (and, in a cluster, it rejoins). Returns the killed process id.
    /// </summary>
    public int KillBrokerNode(int node = 0)
    {
        var beam = ProcessTree.Descendants(brokers[node].Process.Id).FirstOrDefault(pid => ProcessTree.CommandName(pid) == "beam.smp");
        if (beam == 0)
        {
            throw new InvalidOperationException($"The beam.smp process of broker node {brokers[node].Name} was not found.");
        }
        Process.GetProcessById(beam).Kill();
        return beam;
    }

    /// <summary>The processes whose CPU time a phase reports: each service, and each broker node's tree.</summary>
    public IEnumerable<(string Name, int Pid)> Processes =>
        services.Where(service => service.Pid is not null).Select(service => (service.Label, service.Pid!.Value))
            .Concat(brokers.Select((node, index) => (index == 0 ? "broker" : $"broker-{index + 1}", node.Process.Id)));

    /// <summary>
    /// <c>rabbitmqctl</c> on the first broker node (its cookie and epmd): e.g. <c>cluster_status</c>,
    /// <c>list_queues name type</c>. Returns what it printed; throws when it fails.
    /// </summary>
    public async Task<string> RabbitCtlAsync(params string[] arguments)
    {
        var first = brokers[0];
        var start = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl", ["-n", first.Name, .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = Path.Combine(DataDirectory, first.Instance, "home");
        start.Environment["ERL_EPMD_PORT"] = first.EpmdPort.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
    }

    /// <summary>
    /// Rate limits out of the way: the throughput scenarios drive one tenant far past what a tenant
    /// may send (the flood scenario sets its own).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Unlimited { get; } = new[] { "Tenant", "InternalService", "Anonymous" }
        .SelectMany(scope => new[] { ($"RateLimiting__{scope}__PermitsPerSecond", "1000000"), ($"RateLimiting__{scope}__Burst", "1000000") })
        .ToDictionary(pair => pair.Item1, pair => pair.Item2);

    /// <param name="settings">Environment settings for every service; <see cref="Unlimited"/> when none are given.</param>
    /// <param name="brokerNodes">
    /// RabbitMQ nodes: 1, or a cluster of several (the first started alone, the others joining it),
    /// which the services are told of (<c>Messaging__ClusterNodes</c>) and use with quorum queues.
    /// </param>
    /// <param name="brokerRestartDelay">Seconds before a broker node that died is started again (1 by default).</param>
    /// <param name="replicas">
    /// Processes per service, each on its own port, sharing the service's database and the broker.
    /// Each service's first replica is SERVING before its second starts, so the first replicas take
    /// the timer and maintenance leases (a lease moves when its holder stops renewing it). The
    /// services call identity at its last replica's address.
    /// </param>
    public static async Task<BenchStack> StartAsync(IReadOnlyDictionary<string, string>? settings = null, int replicas = 1, int brokerNodes = 1, int brokerRestartDelay = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        var stack = new BenchStack(Path.Combine(Path.GetTempPath(), "sp-bench-" + Guid.NewGuid().ToString("N")[..8]));
        Directory.CreateDirectory(stack.DataDirectory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stack.StopAll();
        Console.CancelKeyPress += (_, _) => stack.StopAll();
        try
        {
            await stack.StartBrokerAsync(brokerNodes, brokerRestartDelay);
            var identityPorts = Enumerable.Range(0, replicas).Select(_ => FreePort()).ToList();
            var common = new Dictionary<string, string>
            {
                ["ConnectionStrings__messaging"] = stack.BrokerConnectionString,
                ["Database__Provider"] = "Sqlite",
                ["Identity__Address"] = $"http://127.0.0.1:{identityPorts[^1]}",
                // The relay is woken by every commit; the poll only catches what a wake-up missed.
                ["Outbox__PollInterval"] = "00:00:00.100",
            };
            if (brokerNodes > 1)
            {
                common["Messaging__ClusterNodes"] = string.Join(",", stack.BrokerNodes);
                common["Messaging__QuorumQueues"] = "true";
            }
            foreach (var (key, value) in settings ?? Unlimited)
            {
                common[key] = value;
            }
            // Identity first (every replica: the others call the last one), then the others' replicas in turn.
            for (var replica = 1; replica <= replicas; replica++)
            {
                var identity = stack.Add("identity", "identitydb", identityPorts[replica - 1], replica, new(common)
                {
                    ["Identity__Bootstrap__ClientSecret"] = BootstrapSecret,
                    ["Identity__Bootstrap__InternalServicesSecret"] = InternalServicesSecret,
                });
                identity.Start();
                await identity.WaitServingAsync(TimeSpan.FromSeconds(60));
            }
            for (var replica = 1; replica <= replicas; replica++)
            {
                var others = new[] { ("cases", "casedb"), ("escalation", "escalationdb"), ("rca", "rcadb"), ("notification", "notificationdb") }
                    .Select(pair => stack.Add(pair.Item1, pair.Item2, FreePort(), replica, new(common)
                    {
                        ["Identity__Client__ClientId"] = InternalServiceAccounts.ClientId(pair.Item1),
                        ["Identity__Client__ClientSecret"] = InternalServiceAccounts.DeriveSecret(InternalServicesSecret, pair.Item1),
                    }))
                    .ToList();
                others.ForEach(service => service.Start());
                await Task.WhenAll(others.Select(service => service.WaitServingAsync(TimeSpan.FromSeconds(60))));
            }
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the portal as a process calling these services (for the portal scenario); its
    /// address once /health answers.
    /// </summary>
    public async Task<Uri> StartPortalAsync()
    {
        var settings = new Dictionary<string, string>();
        foreach (var service in services)
        {
            settings[$"{char.ToUpperInvariant(service.Name[0])}{service.Name[1..]}__Address"] = service.Address.ToString().TrimEnd('/');
        }
        var portal = Add("portal", null, FreePort(), 1, settings);
        portal.Start();
        await portal.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return portal.Address;
    }

    /// <summary>
    /// Starts the durable-write ceiling (bench/SupportPlatform.Benchmark.DurableInsert: one row per
    /// gRPC call through the services' Database, nothing else) as a process; its address once SERVING.
    /// With the broker's address it also serves the floor of the platform's shape (ShapeFloor).
    /// </summary>
    public async Task<Uri> StartDurableInsertAsync()
    {
        const string name = "SupportPlatform.Benchmark.DurableInsert";
        var dll = Path.Combine(SolutionDirectory, "bench", name, "bin", Configuration, "net10.0", name + ".dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run the benchmark with ./bench.sh, which builds it in {Configuration}.");
        }
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__rows"] = $"Data Source={Path.Combine(DataDirectory, "durable-insert.db")}",
            // The floor of the shape (ShapeFloor) publishes to, and consumes from, the platform's
            // broker, on a virtual host of its own: its CaseSubmitted events reach no service.
            ["ConnectionStrings__messaging"] = BrokerConnectionString + "/" + FloorVirtualHost,
            ["Outbox__PollInterval"] = "00:00:00.100",
            // Its two consumers each on a database of their own, as each service owns its own.
            ["ConnectionStrings__floorfirst"] = $"Data Source={Path.Combine(DataDirectory, "floor-first.db")}",
            ["ConnectionStrings__floorsecond"] = $"Data Source={Path.Combine(DataDirectory, "floor-second.db")}",
        };
        await RabbitCtlAsync("add_vhost", FloorVirtualHost);
        await RabbitCtlAsync("set_permissions", "-p", FloorVirtualHost, BrokerUser, ".*", ".*", ".*");
        var process = new ServiceProcess("durable-insert", 1, dll, FreePort(), settings, Path.Combine(DataDirectory, "durable-insert.log"));
        services.Add(process);
        process.Start();
        await process.WaitServingAsync(TimeSpan.FromSeconds(60));
        return process.Address;
    }

    private ServiceProcess Add(string name, string? database, int port, int replica, Dictionary<string, string> settings)
    {
        if (database is not null)
        {
            settings[$"ConnectionStrings__{database}"] = $"Data Source={Path.Combine(DataDirectory, database + ".db")}";
        }
        var folder = char.ToUpperInvariant(name[0]) + name[1..];
        var dll = Path.Combine(SolutionDirectory, "src", folder, "bin", Configuration, "net10.0", $"SupportPlatform.{folder}.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: run the benchmark with ./bench.sh, which builds it in {Configuration}.");
        }
        var label = replica == 1 ? name : $"{name}-{replica}";
        var service = new ServiceProcess(name, replica, dll, port, settings, Path.Combine(DataDirectory, label + ".log"));
        services.Add(service);
        return service;
    }

    private async Task StartBrokerAsync(int nodes, int restartDelay)
    {
        const string server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        if (!File.Exists(server))
        {
            throw new InvalidOperationException("rabbitmq-server is not installed: run ./scripts/ensure-broker.sh (./bench.sh does).");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var script = Path.Combine(SolutionDirectory, "AppHost", "rabbitmq-run.sh");
        // One epmd and one Erlang cookie for all nodes: that is what lets them form a cluster.
        var epmdPort = FreePort();
        var cookie = Guid.NewGuid().ToString("N");
        var ports = Enumerable.Range(0, nodes).Select(_ => FreePort()).ToList();
        var names = ports.Select(port => $"bench-{port}@localhost").ToList();
        Process Start(int index)
        {
            var start = new ProcessStartInfo("/bin/bash", ["-c", "exec /bin/bash \"$0\" >> \"$RMQ_DATA_ROOT/$RMQ_INSTANCE.log\" 2>&1", script])
            {
                UseShellExecute = false,
            };
            start.Environment["RABBITMQ_SERVER"] = server;
            start.Environment["RABBITMQ_NODE_PORT"] = ports[index].ToString();
            start.Environment["RABBITMQ_DIST_PORT"] = FreePort().ToString();
            start.Environment["ERL_EPMD_PORT"] = epmdPort.ToString();
            start.Environment["RMQ_INSTANCE"] = $"bench-{ports[index]}";
            start.Environment["RMQ_DATA_ROOT"] = DataDirectory;
            start.Environment["RMQ_EPHEMERAL"] = "true";
            start.Environment["RMQ_DEFAULT_USER"] = BrokerUser;
            start.Environment["RMQ_DEFAULT_PASS"] = BrokerPassword;
            start.Environment["RMQ_RESTART_DELAY"] = restartDelay.ToString();
            start.Environment["RMQ_ERLANG_COOKIE"] = cookie;
            if (nodes > 1)
            {
                start.Environment["RMQ_CLUSTER_NODES"] = string.Join(' ', names);
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start rabbitmq-run.sh.");
            brokers.Add(new BrokerNode(names[index], $"bench-{ports[index]}", ports[index], epmdPort, process));
            return process;
        }
        // The first node alone, then the others, which find it up and join it.
        Start(0);
        BrokerStartedAt = DateTime.UtcNow;
        BrokerConnectionString = $"amqp://{BrokerUser}:{BrokerPassword}@127.0.0.1:{ports[0]}";
        await WaitForAmqpPortAsync(brokers[0]);
        for (var index = 1; index < nodes; index++)
        {
            Start(index);
        }
        foreach (var node in brokers.Skip(1))
        {
            await WaitForAmqpPortAsync(node);
        }
        if (nodes > 1)
        {
            var status = await RabbitCtlAsync("cluster_status", "--formatter", "json");
            var running = System.Text.Json.JsonDocument.Parse(status).RootElement.GetProperty("running_nodes").GetArrayLength();
            if (running != nodes)
            {
                throw new InvalidOperationException($"The broker cluster runs {running} of {nodes} nodes: {status}");
            }
        }
    }

    private static async Task WaitForAmqpPortAsync(BrokerNode node)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, node.AmqpPort);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(90) && !node.Process.HasExited)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Stops services (SIGTERM, then SIGKILL after 10 s) and the broker's nodes (SIGTERM: their scripts stop epmd too).</summary>
    public void StopAll()
    {
        if (Interlocked.Exchange(ref stopped, 1) == 1)
        {
            return;
        }
        foreach (var service in Enumerable.Reverse(services))
        {
            service.Stop();
        }
        // Each node's script stops its node; the last one stops the shared epmd too.
        foreach (var node in Enumerable.Reverse(brokers))
        {
            ServiceProcess.Signal(node.Process, "TERM");
            if (!node.Process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                node.Process.Kill(entireProcessTree: true);
            }
            node.Process.Dispose();
        }
        KeepLogs();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
    }

    /// <summary>With <c>SP_BENCH_KEEP_LOGS=DIR</c>, every process's log (services, broker nodes) is copied to a folder of its own under DIR before the stack's folder is deleted.</summary>
    private void KeepLogs()
    {
        if (Environment.GetEnvironmentVariable("SP_BENCH_KEEP_LOGS") is not { Length: > 0 } keep)
        {
            return;
        }
        var target = Path.Combine(keep, Path.GetFileName(DataDirectory));
        Directory.CreateDirectory(target);
        foreach (var log in Directory.EnumerateFiles(DataDirectory, "*.log", SearchOption.AllDirectories))
        {
            File.Copy(log, Path.Combine(target, Path.GetRelativePath(DataDirectory, log).Replace('/', '_')), overwrite: true);
        }
        Console.WriteLine($"  logs kept in {target}");
    }

    public ValueTask DisposeAsync()
    {
        StopAll();
        return ValueTask.CompletedTask;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SolutionDirectory { get; } = FindSolutionDirectory();

    private static string FindSolutionDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SupportPlatform.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("SupportPlatform.sln was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>One service as an OS process: <c>dotnet SupportPlatform.X.dll --urls …</c>, output to a log file.</summary>
public sealed class ServiceProcess(string name, int replica, string dll, int port, IReadOnlyDictionary<string, string> settings, string logFile)
{
    private Process? process;

    public string Name { get; } = name;

    /// <summary>Which of the service's replicas this is, from 1.</summary>
    public int Replica { get; } = replica;

    /// <summary>The name in reports: the service's, with the replica's number from the second on (cases, cases-2).</summary>
    public string Label => Replica == 1 ? Name : $"{Name}-{Replica}";

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public int? Pid => process?.Id;

    public void Start()
    {
        // exec: the process id is dotnet's own, so kill -9 hits the service and nothing else.
        var start = new ProcessStartInfo("/bin/bash",
            ["-c", "exec dotnet \"$0\" --urls \"$1\" >> \"$2\" 2>&1", dll, Address.ToString().TrimEnd('/'), logFile])
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Name}.");
    }

    /// <summary>Waits until grpc.health.v1 says SERVING (migrations done, broker connected).</summary>
    public async Task WaitServingAsync(TimeSpan timeout)
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process is null || process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited while starting. Its log:\n{LogTail()}");
            }
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (Grpc.Core.RpcException) when (clock.Elapsed < timeout)
            {
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not SERVING after {timeout.TotalSeconds:F0} s. Its log:\n{LogTail()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the process's HTTP /health answers 200 (the portal has no gRPC health service).</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process is null || process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited while starting. Its log:\n{LogTail()}");
            }
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when ((exception is HttpRequestException or TaskCanceledException) && clock.Elapsed < timeout)
            {
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not healthy after {timeout.TotalSeconds:F0} s. Its log:\n{LogTail()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crashed host.</summary>
    public void Kill9()
    {
        // Process.Kill sends SIGKILL itself, without the delay of starting kill(1).
        process!.Kill();
        process!.WaitForExit();
        process.Dispose();
        process = null;
    }

    public void Stop()
    {
        if (process is null)
        {
            return;
        }
        if (!process.HasExited)
        {
            Signal(process, "TERM");
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                process.WaitForExit();
            }
        }
        process.Dispose();
        process = null;
    }

    internal static void Signal(Process target, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", target.Id.ToString()]);
        kill!.WaitForExit();
    }

    private string LogTail() =>
        File.Exists(logFile) ? string.Join('\n', File.ReadLines(logFile).TakeLast(30)) : "(no log)";
}
