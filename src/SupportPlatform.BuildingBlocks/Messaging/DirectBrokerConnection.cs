using RabbitMQ.Client;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// A plain AMQP connection of a service's own, beside MassTransit's (the readiness probe, the
/// removal of retired queues): to the connection string's node, or, given the cluster's nodes, to
/// whichever of them answers. Not recovered automatically: its user opens another when it needs one.
/// </summary>
internal static class DirectBrokerConnection
{
    /// <summary>Opens one named <paramref name="clientName"/> (as the broker's management lists it); <paramref name="timeout"/> bounds each step when given.</summary>
    public static Task<IConnection> OpenAsync(
        string connectionString, IReadOnlyList<AmqpTcpEndpoint> clusterNodes, string clientName, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = clientName,
        };
        if (timeout is { } bound)
        {
            factory.RequestedConnectionTimeout = bound;
            factory.HandshakeContinuationTimeout = bound;
            factory.ContinuationTimeout = bound;
        }
        // A cluster answers while any of its nodes does.
        return clusterNodes.Count > 0
            ? factory.CreateConnectionAsync(clusterNodes, cancellationToken)
            : factory.CreateConnectionAsync(cancellationToken);
    }
}
