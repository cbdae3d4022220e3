using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Messaging;

[Collection(StackCollection.Name)]
public sealed class OutboxRelayTests(StackFixture fixture)
{
    public sealed class Received
    {
        public ConcurrentBag<Guid> MessageIds { get; } = [];
    }

    public sealed class RecordingConsumer(Received received) : IConsumer<CaseSubmitted>
    {
        public Task Consume(ConsumeContext<CaseSubmitted> context)
        {
            received.MessageIds.Add(context.MessageId!.Value);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task TwoRelayReplicas_PublishEveryRowExactlyOnce_WithItsOwnMessageId()
    {
        var received = new Received();
        await using var bus = await TestBus.StartAsync(fixture.Broker,
            configure => configure.AddConsumer<RecordingConsumer>().Endpoint(e => e.Name = "outbox-relay-test-" + Guid.NewGuid().ToString("N")[..8]),
            services => services.AddSingleton(received));
        DapperTypeHandlers.Register();
        var file = Path.Combine(Path.GetTempPath(), $"sp-outbox-{Guid.NewGuid():N}.db");
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(Database).Assembly, "platform");

        const int rows = 300;
        var signal = new OutboxSignal();
        var outbox = new Outbox(signal, TimeProvider.System);
        var written = new List<Guid>();
        for (var batch = 0; batch < rows / 50; batch++)
        {
            await using var work = await database.BeginAsync();
            for (var index = 0; index < 50; index++)
            {
                written.Add(await outbox.EnqueueAsync(work, new CaseSubmitted(Snapshot(), DateTimeOffset.UtcNow)));
            }
            await work.CommitAsync();
        }

        var settings = new OutboxRelayOptions { BatchSize = 20 };
        var relays = Enumerable.Range(0, 2)
            .Select(_ => new OutboxRelay(database, bus.Bus, signal, TimeProvider.System, Options.Create(settings), NullLogger<OutboxRelay>.Instance))
            .ToList();
        var sent = 0;
        while (sent < rows)
        {
            var rounds = await Task.WhenAll(relays.Select(relay => relay.RelayBatchAsync(settings, CancellationToken.None)));
            Assert.All(rounds, round => Assert.Equal(0, round.Failed));
            sent += rounds.Sum(round => round.Sent);
        }

        await SupportPlatform.Tests.Shared.SupportClients.WaitUntilAsync(() => Task.FromResult(received.MessageIds.Count >= rows),
            TimeSpan.FromSeconds(30), "every row was received");
        await Task.Delay(500);
        Assert.Equal(rows, sent);
        Assert.Equal(rows, received.MessageIds.Count);
        Assert.Equal(written.Order(), received.MessageIds.Order());
        Assert.Equal(0, await Sql.CountAsync(file, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NULL"));
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private static CaseSnapshot Snapshot() => new()
    {
        CaseId = Guid.NewGuid(),
        OrganizationId = Guid.NewGuid(),
        SubmitterId = Guid.NewGuid(),
        Title = "Relay test",
        Type = "QUESTION",
        Priority = "P4",
        Plan = "STANDARD",
        Status = "SUBMITTED",
        Version = 1,
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
