using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Messaging;

/// <summary>
/// The queues of consumers a service no longer has are deleted once empty, on the real broker; a
/// queue that still holds messages is kept and named in a warning.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class RetiredQueuesTests(StackFixture fixture)
{
    /// <summary>Named as the escalation consumers merged into its CaseEventsConsumer were.</summary>
    private sealed class P1SubmissionConsumer : IConsumer<InboxTests.Probe>
    {
        public Task Consume(ConsumeContext<InboxTests.Probe> context) => Task.CompletedTask;
    }

    private sealed class P1PagingConsumer : IConsumer<InboxTests.Probe>
    {
        public Task Consume(ConsumeContext<InboxTests.Probe> context) => Task.CompletedTask;
    }

    private static readonly string[] EscalationRetired = ["escalation-p1-submission", "escalation-p1-paging"];

    private async Task<IConnection> ConnectAsync() =>
        await new ConnectionFactory { Uri = new Uri(fixture.Broker.ConnectionString) }.CreateConnectionAsync();

    /// <summary>A durable queue bound to an exchange of its name, as MassTransit declares a consumer's.</summary>
    private static async Task DeclareConsumerQueueAsync(IConnection connection, string queue, int messages)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, queue, "");
        for (var index = 0; index < messages; index++)
        {
            await channel.BasicPublishAsync(queue, "", "{}"u8.ToArray());
        }
    }

    private static async Task<bool> ExistsAsync(IConnection connection, string name, bool exchange)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            if (exchange)
            {
                await channel.ExchangeDeclarePassiveAsync(name);
            }
            else
            {
                await channel.QueueDeclarePassiveAsync(name);
            }
            return true;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == Constants.NotFound)
        {
            return false;
        }
    }

    private static async Task<uint> MessagesAsync(IConnection connection, string queue)
    {
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    [Fact]
    public async Task AnEmptyRetiredQueueIsDeletedWithItsExchange_OneWithMessagesIsKept_AndNamedInAWarning()
    {
        var prefix = "retired-test-" + Guid.NewGuid().ToString("N")[..8];
        var (empty, full, missing) = (prefix + "-empty", prefix + "-full", prefix + "-missing");
        await using var connection = await ConnectAsync();
        await DeclareConsumerQueueAsync(connection, empty, messages: 0);
        await DeclareConsumerQueueAsync(connection, full, messages: 2);
        await WaitUntilAsync(async () => await MessagesAsync(connection, full) == 2, TimeSpan.FromSeconds(10), "both messages are queued");
        var logs = new LogCapture();
        using var loggers = new LoggerFactory([logs]);

        await new RetiredQueues([empty, full, missing], fixture.Broker.ConnectionString, [], "tests", TimeProvider.System,
            loggers.CreateLogger<RetiredQueues>()).RemoveAsync(CancellationToken.None);

        Assert.False(await ExistsAsync(connection, empty, exchange: false), "the empty queue is deleted");
        Assert.False(await ExistsAsync(connection, empty, exchange: true), "its exchange is deleted");
        Assert.Equal(2u, await MessagesAsync(connection, full));
        Assert.True(await ExistsAsync(connection, full, exchange: true), "the full queue keeps its exchange");
        Assert.Contains(logs.Entries, entry => entry.StartsWith("Warning ", StringComparison.Ordinal)
            && entry.Contains($"{full} still holds 2 message(s)", StringComparison.Ordinal));
        Assert.False(await ExistsAsync(connection, missing, exchange: false), "a queue that never existed is not created");
        await using var cleanup = await connection.CreateChannelAsync();
        await cleanup.QueueDeleteAsync(full);
        await cleanup.ExchangeDeleteAsync(full);
    }

    [Fact]
    public async Task TheEscalationService_DeletesTheQueuesOfTheConsumersItMergedIntoOne_WhenItStarts()
    {
        // The names the retired consumers' queues had under the services' endpoint name formatter.
        var formatter = new KebabCaseEndpointNameFormatter("escalation", false);
        Assert.Equal<string>(EscalationRetired, [formatter.Consumer<P1SubmissionConsumer>(), formatter.Consumer<P1PagingConsumer>()]);
        await using var connection = await ConnectAsync();
        foreach (var queue in EscalationRetired)
        {
            await DeclareConsumerQueueAsync(connection, queue, messages: 0);
        }

        // A replica starting is what looks at them (the stack's own looked before they existed).
        await using var replica = fixture.Stack.StartDetachedEscalationReplica();

        foreach (var queue in EscalationRetired)
        {
            await WaitUntilAsync(async () => !await ExistsAsync(connection, queue, exchange: false) && !await ExistsAsync(connection, queue, exchange: true),
                TimeSpan.FromSeconds(20), $"{queue} and its exchange are deleted");
        }
    }
}
