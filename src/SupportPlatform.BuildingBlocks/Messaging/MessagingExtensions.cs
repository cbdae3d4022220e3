using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupportPlatform.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ (connection string <c>messaging</c>, an amqp:// URI; a cluster's
    /// nodes and quorum queues by <see cref="BrokerTopologyOptions"/>), the outbox and
    /// its relay, the retention of sent outbox rows and inbox rows, and the readiness check of the
    /// broker connection (<see cref="BrokerConnectionHealthCheck"/>). Queues are named after the service and the consumer, e.g.
    /// <c>notification-case-submitted</c>, so every service gets its own copy of each event.
    /// </summary>
    /// <param name="retiredQueues">
    /// The shared queues of consumers this service had in an earlier version (e.g.
    /// <c>escalation-p1-paging</c>), deleted once empty and unconsumed (<see cref="RetiredQueues"/>).
    /// </param>
    public static IHostApplicationBuilder AddSupportMessaging(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null,
        IReadOnlyList<string>? retiredQueues = null)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Inbox>();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<OutboxMetrics>();
        builder.Services.AddOptions<OutboxRelayOptions>().BindConfiguration("Outbox");
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddOptions<MessagingRetentionOptions>().BindConfiguration("Retention").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MessagingRetentionOptions>, MessagingRetentionOptionsValidator>();
        builder.Services.AddHostedService<MessagingRetention>();

        var connectionString = builder.Configuration.GetConnectionString("messaging");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "ConnectionStrings:messaging is not set. Run the stack with ./run.sh (the AppHost supplies it), " +
                "or set ConnectionStrings__messaging=amqp://user:pass@host:5672 to a RabbitMQ broker.");
        }

        builder.Services.AddOptions<BrokerTopologyOptions>().BindConfiguration("Messaging");
        var topology = builder.Configuration.GetSection("Messaging").Get<BrokerTopologyOptions>() ?? new BrokerTopologyOptions();
        var clusterNodes = topology.Nodes();
        if (topology.ConsumerConcurrency is < 1 or > ushort.MaxValue)
        {
            throw new InvalidOperationException(
                $"Messaging:ConsumerConcurrency is {topology.ConsumerConcurrency}: it must be between 1 and {ushort.MaxValue} (default {BrokerTopologyOptions.DefaultConsumerConcurrency}).");
        }

        builder.Services.AddSingleton(provider => new BrokerConnectionHealthCheck(
            provider.GetRequiredService<IBusControl>(), connectionString, clusterNodes, serviceName, provider.GetRequiredService<ILogger<BrokerConnectionHealthCheck>>()));
        builder.Services.AddHealthChecks().AddCheck<BrokerConnectionHealthCheck>(BrokerConnectionHealthCheck.Name, tags: ["ready"]);
        if (retiredQueues is { Count: > 0 })
        {
            builder.Services.AddHostedService(provider => new RetiredQueues(retiredQueues, connectionString, clusterNodes, serviceName,
                provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<RetiredQueues>>()));
        }

        // The service starts listening only once its bus runs. Otherwise the orchestrator's first
        // readiness probes (which run MassTransit's bus health check) reach a bus that has not
        // started yet, and every clean start logs an Unhealthy check at Error. The check itself
        // still reports the bus: a broker lost later is Unhealthy, as it should be. A broker that
        // is away at start keeps the service from listening until it is back (the AppHost starts
        // the services after the broker anyway).
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host => host.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            consumers?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                // Confirms are MassTransit's default; stated here because the outbox relay marks a
                // row sent only after the broker confirmed it.
                rabbit.Host(new Uri(connectionString), host =>
                {
                    host.PublisherConfirmation = true;
                    if (clusterNodes.Count > 0)
                    {
                        // A connection lost with its node is opened again on another node.
                        host.UseCluster(cluster =>
                        {
                            foreach (var node in clusterNodes)
                            {
                                cluster.Node($"{node.HostName}:{node.Port}");
                            }
                        });
                    }
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>
    /// Adds a consumer that every replica of the service must run (cache invalidation and other
    /// "everyone must know" events), instead of one replica taking each message off a shared
    /// queue. Each replica gets its own queue — the endpoint name (<c>cases-matrix-changed</c>)
    /// plus an instance id — which is temporary (non-durable, auto-delete), so the queue of a
    /// stopped replica goes away with it instead of filling up.
    /// </summary>
    public static IConsumerRegistrationConfigurator<TConsumer> AddEveryReplicaConsumer<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer
    {
        // One id per registration, i.e. per host: two hosts in one process (as in the tests) are
        // two replicas and must not share a queue.
        var instanceId = Guid.NewGuid().ToString("N")[..12];
        var consumer = bus.AddConsumer<TConsumer>();
        consumer.Endpoint(endpoint =>
        {
            endpoint.InstanceId = instanceId;
            endpoint.Temporary = true;
        });
        return consumer;
    }
}
