using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Messaging;

/// <summary>
/// Messaging:ConsumerConcurrency: how many messages a consumer's queue hands the service at a
/// time, all handled at once — no more, whatever is waiting in the queue.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ConsumerConcurrencyTests(StackFixture fixture)
{
    public sealed record Held(int Number);

    /// <summary>Holds every message until the test lets them go, counting those it holds.</summary>
    public sealed class Gate
    {
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int holding;
        private int mostAtOnce;
        private int handled;

        public int Holding => Volatile.Read(ref holding);

        public int MostAtOnce => Volatile.Read(ref mostAtOnce);

        public int Handled => Volatile.Read(ref handled);

        public async Task PassAsync()
        {
            var now = Interlocked.Increment(ref holding);
            for (var most = MostAtOnce; now > most; most = MostAtOnce)
            {
                Interlocked.CompareExchange(ref mostAtOnce, now, most);
            }
            await open.Task;
            Interlocked.Decrement(ref holding);
            Interlocked.Increment(ref handled);
        }

        public void Open() => open.TrySetResult();
    }

    public sealed class HeldConsumer(Gate gate) : IConsumer<Held>
    {
        public Task Consume(ConsumeContext<Held> context) => gate.PassAsync();
    }

    public sealed class HeldConsumerDefinition : InboxConsumerDefinition<HeldConsumer>;

    [Fact]
    public async Task AConsumersQueue_HandsTheServiceConsumerConcurrencyMessagesAtATime_TheRestWaitInTheQueue()
    {
        const int concurrency = 5;
        const int published = 12;
        var gate = new Gate();
        var queue = "concurrency-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var bus = await TestBus.StartAsync(fixture.Broker,
            configure => configure.AddConsumer<HeldConsumer, HeldConsumerDefinition>().Endpoint(e => e.Name = queue),
            services =>
            {
                services.AddSingleton(gate);
                services.Configure<BrokerTopologyOptions>(options => options.ConsumerConcurrency = concurrency);
            });

        var factory = new ConnectionFactory { Uri = new Uri(fixture.Broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            for (var number = 0; number < published; number++)
            {
                await bus.Bus.Publish(new Held(number));
            }

            // Five held by the consumer and unacknowledged, so the broker keeps the other seven
            // ready in the queue. With a larger prefetch the queue would empty, and this never hold.
            await WaitUntilAsync(async () => gate.Holding == concurrency && (await channel.QueueDeclarePassiveAsync(queue)).MessageCount == published - concurrency,
                TimeSpan.FromSeconds(30), $"{concurrency} messages held by the consumer and {published - concurrency} ready in the queue");
            Assert.Equal(concurrency, gate.MostAtOnce);
        }
        finally
        {
            // Whatever happened, the held messages go: the bus stops only once its consumers return.
            gate.Open();
        }
        await WaitUntilAsync(() => Task.FromResult(gate.Handled == published), TimeSpan.FromSeconds(30), "every message handled");
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(queue)).MessageCount);
        Assert.Equal(concurrency, gate.MostAtOnce);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("70000")]
    public void AConsumerConcurrencyOutOfRange_StopsTheServiceAtStart_SayingWhatItMustBe(string setting)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@localhost:5672",
            ["Messaging:ConsumerConcurrency"] = setting,
        });

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddSupportMessaging("test"));

        Assert.Contains($"Messaging:ConsumerConcurrency is {setting}", refused.Message);
        Assert.Contains("between 1 and 65535", refused.Message);
    }
}
