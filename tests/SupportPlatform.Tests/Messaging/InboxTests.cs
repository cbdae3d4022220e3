using MassTransit;
using RabbitMQ.Client;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Tests.Infrastructure;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Messaging;

[Collection(StackCollection.Name)]
public sealed class InboxTests(StackFixture fixture)
{
    [Fact]
    public async Task SameEventDeliveredTwice_IsAppliedOnce()
    {
        await using var bus = await TestBus.StartAsync(fixture.Broker);
        var messageId = Guid.NewGuid();
        var caseId = Guid.NewGuid();
        var submitted = new CaseSubmitted(new CaseSnapshot
        {
            CaseId = caseId,
            OrganizationId = Guid.NewGuid(),
            SubmitterId = Guid.NewGuid(),
            Title = "Delivered twice",
            Type = "INCIDENT",
            Priority = "P2",
            Plan = "PREMIUM",
            Status = "SUBMITTED",
            Version = 1,
            CreatedAt = DateTimeOffset.UtcNow,
        }, DateTimeOffset.UtcNow);

        // What a relay does when it dies after publishing and before marking the row sent.
        await bus.Bus.Publish(submitted, context => context.MessageId = messageId);
        await bus.Bus.Publish(submitted, context => context.MessageId = messageId);

        var notifications = fixture.Stack.DatabaseFile("notificationdb");
        await WaitUntilAsync(async () => await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM notifications WHERE case_id = @p", caseId.ToString()) >= 2,
            TimeSpan.FromSeconds(20), "the notifications of the event exist");
        await WaitUntilAsync(async () => await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM inbox_messages WHERE message_id = @p", messageId.ToString()) >= 1,
            TimeSpan.FromSeconds(20), "the inbox has the message");
        await Task.Delay(1000);

        // Submitter and vendor queue, once each, and the submitter's e-mail once; one inbox row; one SLA record.
        Assert.Equal(2, await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM notifications WHERE case_id = @p", caseId.ToString()));
        Assert.Equal(1, await Sql.CountAsync(notifications,
            "SELECT COUNT(*) FROM deliveries d JOIN notifications n ON n.id = d.notification_id WHERE n.case_id = @p AND d.channel = 'EMAIL'",
            caseId.ToString()));
        Assert.Equal(1, await Sql.CountAsync(notifications, "SELECT COUNT(*) FROM inbox_messages WHERE message_id = @p", messageId.ToString()));
        Assert.Equal(1, await Sql.CountAsync(fixture.Stack.DatabaseFile("escalationdb"), "SELECT COUNT(*) FROM sla_clocks WHERE case_id = @p", caseId.ToString()));
    }

    public sealed record Probe(Guid Id);

    public sealed class Attempts
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public void Add() => Interlocked.Increment(ref count);
    }

    public sealed class FailingConsumer(Attempts attempts) : IConsumer<Probe>
    {
        public Task Consume(ConsumeContext<Probe> context)
        {
            attempts.Add();
            throw new InvalidOperationException("The consumer's database is gone.");
        }
    }

    public sealed class FailingConsumerDefinition : InboxConsumerDefinition<FailingConsumer>
    {
        protected override int[] RetryIntervals => [10, 20];
    }

    [Fact]
    public async Task FailingConsumer_IsRetried_ThenTheMessageLandsInTheErrorQueue()
    {
        var attempts = new Attempts();
        var queue = "inbox-test-" + Guid.NewGuid().ToString("N")[..8];
        await using var bus = await TestBus.StartAsync(fixture.Broker,
            configure => configure.AddConsumer<FailingConsumer, FailingConsumerDefinition>().Endpoint(e => e.Name = queue),
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(services, attempts));
        var probe = new Probe(Guid.NewGuid());

        await bus.Bus.Publish(probe);

        var factory = new ConnectionFactory { Uri = new Uri(fixture.Broker.ConnectionString) };
        await using var connection = await factory.CreateConnectionAsync();
        BasicGetResult? faulted = null;
        await WaitUntilAsync(async () =>
        {
            // MassTransit creates the _error queue with the first fault; until then BasicGet
            // closes the channel with NOT_FOUND, so each look gets a fresh channel.
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                faulted = await channel.BasicGetAsync(queue + "_error", autoAck: true);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                faulted = null;
            }
            return faulted is not null;
        }, TimeSpan.FromSeconds(30), "the message is in the _error queue");

        Assert.Equal(3, attempts.Count);
        Assert.Contains("MT-Fault-Message", faulted!.BasicProperties.Headers!.Keys);
        Assert.Contains(probe.Id.ToString(), System.Text.Encoding.UTF8.GetString(faulted.Body.Span));
    }
}
