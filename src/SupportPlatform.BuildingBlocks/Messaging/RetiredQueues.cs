using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Removes the queues of consumers a service no longer has (an upgrade merged or dropped them):
/// left on the broker they stay bound to their events and fill up with copies nobody takes. Each
/// queue is deleted when it is empty and nobody consumes it, with its exchange; a queue that still
/// holds messages is kept and named in a warning (its messages were meant for the old consumer:
/// drain it with the previous version or delete it by hand), as is one that a replica of the
/// previous version still consumes. Runs in the background after start and again every
/// <see cref="RetryInterval"/> while the broker cannot be reached.
/// </summary>
public sealed class RetiredQueues(
    IReadOnlyList<string> queues, string connectionString, IReadOnlyList<AmqpTcpEndpoint> clusterNodes, string serviceName,
    TimeProvider clock, ILogger<RetiredQueues> logger) : BackgroundService
{
    /// <summary>The wait before another try when the broker did not answer.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RemoveAsync(stoppingToken);
                return;
            }
            catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException or IOException)
            {
                logger.LogInformation("The broker did not answer ({Kind}); retired queues are looked at again in {Seconds} s.",
                    exception.GetType().Name, RetryInterval.TotalSeconds);
            }
            await Task.Delay(RetryInterval, clock, stoppingToken);
        }
    }

    /// <summary>Looks at each retired queue once: deleted when empty, kept (and warned about) otherwise.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DirectBrokerConnection.OpenAsync(
            connectionString, clusterNodes, $"{serviceName}-retired-queues", timeout: null, cancellationToken);
        foreach (var queue in queues)
        {
            // A passive declare of a missing queue closes its channel (NOT_FOUND): one channel per look.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            uint messages;
            try
            {
                messages = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == Constants.NotFound)
            {
                continue;
            }
            if (messages > 0)
            {
                logger.LogWarning(
                    "The retired queue {Queue} still holds {Messages} message(s) for a consumer this version no longer has; it is kept. " +
                    "Drain it with the previous version, or delete it (rabbitmqctl delete_queue {Queue}) once its messages are not needed.",
                    queue, messages, queue);
                continue;
            }
            try
            {
                // Not while a consumer takes from it: a replica of the previous version, still running.
                await channel.QueueDeleteAsync(queue, ifUnused: true, ifEmpty: true, cancellationToken: cancellationToken);
            }
            catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == Constants.PreconditionFailed)
            {
                logger.LogWarning(
                    "The retired queue {Queue} is kept: a consumer (a replica of the previous version) still takes from it, or it just received messages. " +
                    "It is looked at again when a replica of this service starts.", queue);
                continue;
            }
            // MassTransit binds each queue to an exchange of its name, bound in turn to the events' exchanges.
            await channel.ExchangeDeleteAsync(queue, ifUnused: false, cancellationToken: cancellationToken);
            logger.LogInformation("Deleted the retired queue {Queue} and its exchange.", queue);
        }
    }
}
