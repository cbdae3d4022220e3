using RabbitMQ.Client;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// How the services use the broker (section <c>Messaging</c>): the nodes of a RabbitMQ cluster,
/// whether the shared queues are quorum queues (neither is needed with a single node), and how
/// many messages a consumer takes at a time.
/// </summary>
public sealed class BrokerTopologyOptions
{
    /// <summary>
    /// Every node of a RabbitMQ cluster as <c>host:port</c>, comma-separated
    /// (<c>Messaging__ClusterNodes=rabbit-1:5672,rabbit-2:5672,rabbit-3:5672</c>). The connection
    /// string's user, password and virtual host apply to each; a connection lost with its node is
    /// opened again on another. Empty: the connection string's host alone.
    /// </summary>
    public string? ClusterNodes { get; set; }

    /// <summary>
    /// Declares each consumer's shared, durable queue as a quorum queue (replicated over the
    /// cluster's nodes, so a queue survives the loss of a minority of them). The queues every
    /// replica has of its own stay temporary classic queues: a quorum queue cannot be auto-deleted.
    /// A queue keeps the type it was declared with: switching an existing broker means deleting
    /// the services' queues while the services are stopped (they declare them again).
    /// </summary>
    public bool QuorumQueues { get; set; }

    /// <summary>
    /// How many messages each consumer's queue hands the service at a time (the channel's
    /// prefetch), and how many of them the consumer handles at once
    /// (<c>Messaging__ConsumerConcurrency</c>). Each message is handled in a unit of work of its
    /// own; the units that wait together are committed together (one COMMIT and fsync per group),
    /// so a busy queue is worked through in larger groups when more are under way. With 16, the
    /// earlier value, a P1 case cost the platform about a quarter more CPU in the benchmark, most of
    /// it the broker's (README, "Issue 14, ninth part").
    /// </summary>
    public int ConsumerConcurrency { get; set; } = DefaultConsumerConcurrency;

    /// <summary>The default of <see cref="ConsumerConcurrency"/>.</summary>
    public const int DefaultConsumerConcurrency = 100;

    /// <summary>The cluster's nodes, in the given order; empty without a cluster.</summary>
    public IReadOnlyList<AmqpTcpEndpoint> Nodes()
    {
        if (string.IsNullOrWhiteSpace(ClusterNodes))
        {
            return [];
        }
        return [.. ClusterNodes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(node =>
        {
            var colon = node.LastIndexOf(':');
            return colon > 0 && int.TryParse(node[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
                ? new AmqpTcpEndpoint(node[..colon], port)
                : throw new InvalidOperationException($"Messaging:ClusterNodes has '{node}': each node must be host:port, e.g. rabbit-1:5672.");
        })];
    }
}
