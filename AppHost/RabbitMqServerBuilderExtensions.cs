using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Aspire.Hosting;

public static class RabbitMqServerBuilderExtensions
{
    public const string DefaultServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>
    /// Adds the message broker named <paramref name="name"/>, in this order of preference:
    /// an external connection string (ConnectionStrings:{name}), a RabbitMQ container when a Docker
    /// engine answers, a private rabbitmq-server process when the Debian package is installed.
    /// Otherwise throws with instructions.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMessageBroker(
        this IDistributedApplicationBuilder builder, string name)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            return builder.AddConnectionString(name);
        }

        if (DockerEngineAnswers(TimeSpan.FromSeconds(2)))
        {
            return builder.AddRabbitMQ(name);
        }

        var serverPath = builder.Configuration[$"{name}:ServerPath"] ?? DefaultServerPath;
        if (File.Exists(serverPath))
        {
            return builder.AddRabbitMqServer(name, serverPath);
        }

        throw new DistributedApplicationException(
            $"No message broker for '{name}': no Docker engine answered 'docker info' and '{serverPath}' does not exist. " +
            "Do one of: 'apt-get install -y rabbitmq-server' (a private instance is then started automatically), " +
            "start a Docker engine, or set an external broker with " +
            $"ConnectionStrings__{name}=amqp://user:pass@host:5672 (environment) or 'dotnet user-secrets set ConnectionStrings:{name} ...'.");
    }

    /// <summary>Runs the Debian rabbitmq-server as a private node (own ports, epmd, data folder).</summary>
    public static IResourceBuilder<RabbitMqServerResource> AddRabbitMqServer(
        this IDistributedApplicationBuilder builder, string name, string serverPath = DefaultServerPath)
    {
        var config = builder.Configuration;

        // Dev default 5673 (not 5672: a system broker from the package may hold that).
        var port = config.GetValue<int?>($"{name}:Port") ?? 5673;

        // Seconds between a node's unasked end and its restart by rabbitmq-run.sh.
        var restartDelay = config.GetValue<int?>($"{name}:RestartDelaySeconds") ?? 1;

        // Set by DistributedApplicationTestingBuilder; the proxied AMQP port is then random anyway,
        // and the node's data folder is thrown away on exit.
        var ephemeral = config.GetValue<bool>("DcpPublisher:RandomizePorts");

        var user = builder.AddParameter($"{name}-username", "aspire");
        var pass = builder.AddParameter($"{name}-password", "aspire-dev-password", secret: true);

        var repoRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var dataRoot = config[$"{name}:DataRoot"] ?? Path.Combine(repoRoot, ".rabbitmq");
        var script = Path.Combine(builder.AppHostDirectory, "rabbitmq-run.sh");
        Directory.CreateDirectory(dataRoot);

        var resource = new RabbitMqServerResource(name, "/bin/bash", dataRoot, user.Resource, pass.Resource);

        var healthCheckKey = $"{name}_amqp";
        IConnection? connection = null;
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async ct =>
        {
            try
            {
                if (connection is { IsOpen: true })
                {
                    return HealthCheckResult.Healthy();
                }

                var cs = await resource.ConnectionStringExpression.GetValueAsync(ct);
                var factory = new ConnectionFactory
                {
                    Uri = new Uri(cs!),
                    RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
                    HandshakeContinuationTimeout = TimeSpan.FromSeconds(2),
                    AutomaticRecoveryEnabled = false,
                    ClientProvidedName = "aspire-apphost-healthcheck",
                };
                var old = connection;
                connection = await factory.CreateConnectionAsync(ct);
                if (old is not null)
                {
                    await old.DisposeAsync();
                }
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("AMQP handshake failed", ex);
            }
        });

        return builder.AddResource(resource)
            .WithArgs(script)
            // AMQP: proxied, public port 5673 in dev, random under the testing builder; the node
            // listens on a DCP-allocated target port handed over in RABBITMQ_NODE_PORT.
            .WithEndpoint(name: RabbitMqServerResource.AmqpEndpointName, port: port, env: "RABBITMQ_NODE_PORT", isProxied: true)
            // Private epmd and distribution ports: proxyless, DCP allocates a free port per run.
            .WithEndpoint(name: RabbitMqServerResource.EpmdEndpointName, env: "ERL_EPMD_PORT", isProxied: false)
            .WithEndpoint(name: RabbitMqServerResource.DistEndpointName, env: "RABBITMQ_DIST_PORT", isProxied: false)
            .WithEnvironment("RABBITMQ_SERVER", serverPath)
            .WithEnvironment("RMQ_INSTANCE", ReferenceExpression.Create(
                $"{name}-{resource.AmqpEndpoint.Property(EndpointProperty.Port)}"))
            .WithEnvironment("RMQ_DATA_ROOT", dataRoot)
            .WithEnvironment("RMQ_RESTART_DELAY", restartDelay.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("RMQ_EPHEMERAL", ephemeral ? "true" : "false")
            .WithEnvironment("RMQ_DEFAULT_USER", user)
            .WithEnvironment("RMQ_DEFAULT_PASS", pass)
            .WithIconName("MailMultiple")
            .WithHealthCheck(healthCheckKey);
    }

    private static bool DockerEngineAnswers(TimeSpan timeout)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (p is null)
            {
                return false;
            }
            // Drain the pipes so a chatty `docker info` cannot block on a full buffer.
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                return false;
            }
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker CLI
        }
    }
}
