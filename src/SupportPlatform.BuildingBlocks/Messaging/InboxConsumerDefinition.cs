using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Retry and concurrency for inbox consumers: quick retries for transient faults (a busy
/// database), then longer ones; after that the message goes to the <c>_error</c> queue. The
/// consumer's shared queue is a quorum queue when <see cref="BrokerTopologyOptions.QuorumQueues"/>
/// says so, and hands the service <see cref="BrokerTopologyOptions.ConsumerConcurrency"/> messages
/// at a time, all of which the consumer handles at once.
/// </summary>
public class InboxConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <summary>The waits between attempts, in milliseconds; the last failure goes to <c>_error</c>.</summary>
    protected virtual int[] RetryIntervals => [.. Inbox.DefaultRetryIntervals];

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(RetryIntervals));
        var topology = context.GetService<IOptions<BrokerTopologyOptions>>()?.Value ?? new BrokerTopologyOptions();
        endpointConfigurator.ConcurrentMessageLimit = topology.ConsumerConcurrency;
        endpointConfigurator.PrefetchCount = topology.ConsumerConcurrency;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit && topology.QuorumQueues)
        {
            rabbit.SetQuorumQueue();
        }
    }
}
