using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DotNet.Testcontainers.Builders;
using RabbitMQ.Client;
using Testcontainers.RabbitMq;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// A RabbitMQ broker for tests, from the first source that works:
/// <c>RABBITMQ_CONNECTION_STRING</c>; a private <c>rabbitmq-server</c> node started from the
/// AppHost's <c>rabbitmq-run.sh</c> (own data folder, ports and epmd); a Testcontainers container
/// where a Docker engine runs; otherwise the test fails saying how to get one.
/// </summary>
public sealed class RabbitMqBroker : IAsyncDisposable
{
    private const string ServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string User = "tests";
    private const string Password = "tests-password";

    private readonly PrivateNode? node;
    private readonly RabbitMqContainer? container;

    private RabbitMqBroker(string connectionString, PrivateNode? node, RabbitMqContainer? container)
    {
        ConnectionString = connectionString;
        this.node = node;
        this.container = container;
    }

    /// <summary>amqp://user:pass@host:port</summary>
    public string ConnectionString { get; }

    /// <summary>True when the test owns the broker and may stop and start it.</summary>
    public bool CanRestart => node is not null || container is not null;

    /// <summary>A broker: the environment's, else a private node, else a container.</summary>
    public static Task<RabbitMqBroker> StartAsync() => StartAsync(requireOwned: false);

    /// <summary>A broker the test can stop and start (never the environment's shared one).</summary>
    public static async Task<RabbitMqBroker> StartAsync(bool requireOwned)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("RABBITMQ_CONNECTION_STRING");
        if (!requireOwned && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return new RabbitMqBroker(fromEnvironment, null, null);
        }
        if (File.Exists(ServerPath))
        {
            var node = await PrivateNode.StartFreshAsync();
            return new RabbitMqBroker(node.ConnectionString, node, null);
        }
        try
        {
            var port = FreePort();
            var container = new RabbitMqBuilder("rabbitmq:3.13-alpine")
                .WithUsername(User).WithPassword(Password)
                .WithPortBinding(port, 5672)
                .Build();
            await container.StartAsync();
            return new RabbitMqBroker($"amqp://{User}:{Password}@127.0.0.1:{port}", null, container);
        }
        catch (DockerUnavailableException)
        {
            throw new InvalidOperationException(
                "These tests need a RabbitMQ broker and found none. Do one of: " +
                "set RABBITMQ_CONNECTION_STRING=amqp://user:pass@host:5672 (tests that restart the broker still need one of the next two); " +
                "'apt-get install -y rabbitmq-server' (the tests then start a private node); " +
                "or run a Docker engine (Testcontainers starts rabbitmq:3.13-alpine).");
        }
    }

    /// <summary>Stops the broker (graceful, like a restart of the broker host).</summary>
    public async Task StopAsync()
    {
        if (node is not null)
        {
            await node.StopAsync();
        }
        else if (container is not null)
        {
            await container.StopAsync();
        }
        else
        {
            throw new InvalidOperationException("The environment's broker cannot be stopped by a test.");
        }
    }

    /// <summary>Starts it again on the same port with the same data.</summary>
    public async Task RestartAsync()
    {
        if (node is not null)
        {
            await node.StartAsync();
        }
        else if (container is not null)
        {
            await container.StartAsync();
            await WaitForAmqpAsync(ConnectionString, TimeSpan.FromSeconds(60));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (node is not null)
        {
            await node.DisposeAsync();
        }
        if (container is not null)
        {
            await container.DisposeAsync();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task WaitForAmqpAsync(string connectionString, TimeSpan timeout, Func<bool>? gaveUp = null)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
            AutomaticRecoveryEnabled = false,
        };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = await factory.CreateConnectionAsync();
                return;
            }
            catch (Exception) when (deadline.Elapsed < timeout && gaveUp?.Invoke() != true)
            {
                await Task.Delay(250);
            }
        }
    }

    /// <summary>A private rabbitmq-server node run through the AppHost's rabbitmq-run.sh.</summary>
    private sealed class PrivateNode : IAsyncDisposable
    {
        private readonly int amqpPort = FreePort();
        private readonly int distPort = FreePort();
        private readonly int epmdPort = FreePort();
        private readonly string dataRoot = Path.Combine(Path.GetTempPath(), "sp-tests-rabbit-" + Guid.NewGuid().ToString("N")[..8]);
        private Process? process;

        public string ConnectionString => $"amqp://{User}:{Password}@127.0.0.1:{amqpPort}";

        /// <summary>
        /// Starts a node on free ports. A port found free can be taken by another process before
        /// the node binds it (tests start many listeners at once): then the node stops at once with
        /// "eaddrinuse", and a new node on other ports is started, up to three times. A node given
        /// up on for any reason is stopped before the error is thrown (one still starting on a
        /// loaded machine would otherwise come up later and outlive the test run).
        /// </summary>
        public static async Task<PrivateNode> StartFreshAsync()
        {
            for (var attempt = 1; ; attempt++)
            {
                var node = new PrivateNode();
                try
                {
                    await node.StartAsync();
                    return node;
                }
                catch (Exception)
                {
                    var portTaken = node.Log.Contains("eaddrinuse", StringComparison.Ordinal);
                    await node.DisposeAsync();
                    if (attempt >= 3 || !portTaken)
                    {
                        throw;
                    }
                }
            }
        }

        private string Log => File.Exists(Path.Combine(dataRoot, "node.log")) ? File.ReadAllText(Path.Combine(dataRoot, "node.log")) : "";

        public async Task StartAsync()
        {
            Directory.CreateDirectory(dataRoot);
            var script = Path.Combine(Paths.SolutionDirectory, "AppHost", "rabbitmq-run.sh");
            var start = new ProcessStartInfo("/bin/bash", ["-c", "exec /bin/bash \"$0\" >> \"$RMQ_DATA_ROOT/node.log\" 2>&1", script])
            {
                UseShellExecute = false,
            };
            start.Environment["RABBITMQ_SERVER"] = ServerPath;
            start.Environment["RABBITMQ_NODE_PORT"] = amqpPort.ToString();
            start.Environment["RABBITMQ_DIST_PORT"] = distPort.ToString();
            start.Environment["ERL_EPMD_PORT"] = epmdPort.ToString();
            start.Environment["RMQ_INSTANCE"] = $"tests-{amqpPort}";
            start.Environment["RMQ_DATA_ROOT"] = dataRoot;
            // Kept across a stop and start within the test; the folder is deleted on dispose.
            start.Environment["RMQ_EPHEMERAL"] = "false";
            start.Environment["RMQ_DEFAULT_USER"] = User;
            start.Environment["RMQ_DEFAULT_PASS"] = Password;
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start rabbitmq-run.sh.");
            try
            {
                // A node that stopped (e.g. its port was taken) will not answer: give up at once.
                await WaitForAmqpAsync(ConnectionString, TimeSpan.FromSeconds(90), () => process.HasExited);
            }
            catch (Exception exception)
            {
                var log = Path.Combine(dataRoot, "node.log");
                throw new InvalidOperationException(
                    $"The private RabbitMQ node did not accept AMQP connections on port {amqpPort}. Its log:\n" +
                    (File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(30)) : "(none)"), exception);
            }
        }

        public async Task StopAsync()
        {
            if (process is null || process.HasExited)
            {
                return;
            }
            // SIGTERM, not Process.Kill's SIGKILL: the script then stops the node and its epmd.
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill!.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The script did not stop its node in time: end the whole tree rather than leave it running.
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
            process = null;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            try
            {
                Directory.Delete(dataRoot, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a straggling process: the temp folder is cleaned eventually.
            }
        }
    }
}
