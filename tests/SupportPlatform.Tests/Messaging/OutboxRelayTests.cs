using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Dapper;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
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
            .Select(_ => new OutboxRelay(database, bus.Bus, signal, TimeProvider.System, Options.Create(settings), NewMetrics(), NullLogger<OutboxRelay>.Instance))
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

    [Fact]
    public async Task PoisonRows_AmongAThousandGoodOnes_DoNotSlowThem_AndAreParkedAfterMaxAttempts()
    {
        await using var bus = await TestBus.StartAsync(fixture.Broker);
        var (database, file) = await NewDatabaseAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var signal = new OutboxSignal();
        var outbox = new Outbox(signal, clock);
        // One row of a type this version does not know, first, so it is in the first batch; one
        // whose body does not deserialise, in the middle.
        var unknownType = await InsertRawAsync(database, "CaseBeamedToMars", "{}", clock);
        long badBody = 0;
        for (var batch = 0; batch < 10; batch++)
        {
            await using (var work = await database.BeginAsync())
            {
                for (var index = 0; index < 100; index++)
                {
                    await outbox.EnqueueAsync(work, new CaseSubmitted(Snapshot(), clock.GetUtcNow()));
                }
                await work.CommitAsync();
            }
            if (batch == 4)
            {
                badBody = await InsertRawAsync(database, nameof(CaseSubmitted), "{\"case\": not json", clock);
            }
        }

        var settings = new OutboxRelayOptions { BatchSize = 100, MaxAttempts = 3, PollInterval = TimeSpan.FromMilliseconds(100) };
        var metrics = NewMetrics();
        long parkedEvents = 0, parkedRows = -1;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (instrument.Meter == metrics.Meter)
            {
                subscriber.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "supportplatform.outbox.parked")
            {
                Interlocked.Add(ref parkedEvents, value);
            }
            else
            {
                Interlocked.Exchange(ref parkedRows, value);
            }
        });
        listener.Start();

        var relay = new OutboxRelay(database, bus.Bus, signal, clock, Options.Create(settings), metrics, NullLogger<OutboxRelay>.Instance);
        await relay.StartAsync(CancellationToken.None);
        // The fake clock does not move while the relay runs: a relay that backs off (it waits on
        // this clock) never wakes again, so every good row sent proves that no round waited.
        await SupportPlatform.Tests.Shared.SupportClients.WaitUntilAsync(
            async () => await Sql.CountAsync(file, "SELECT COUNT(*) FROM outbox_messages WHERE sent_at IS NOT NULL") == 1000,
            TimeSpan.FromSeconds(60), "the 1,000 good rows were sent without back-off");
        await relay.StopAsync(CancellationToken.None);
        Assert.Equal(1, await AttemptsAsync(file, unknownType));
        Assert.Equal(1, await AttemptsAsync(file, badBody));

        // Each later attempt comes when its retry time is due; the third failure parks the row.
        for (var round = 0; round < 10 && await ParkedAsync(file) < 2; round++)
        {
            clock.Advance(settings.MaxRetryDelay);
            var result = await relay.RelayBatchAsync(settings, CancellationToken.None);
            Assert.Equal(0, result.Failed);
        }

        Assert.Equal(2, await ParkedAsync(file));
        Assert.Equal(settings.MaxAttempts, await AttemptsAsync(file, unknownType));
        Assert.Equal(settings.MaxAttempts, await AttemptsAsync(file, badBody));
        Assert.Equal(0, await Sql.CountAsync(file,
            "SELECT COUNT(*) FROM outbox_messages WHERE parked_at IS NOT NULL AND (sent_at IS NOT NULL OR last_error IS NULL)"));
        Assert.Equal(2, Interlocked.Read(ref parkedEvents));
        listener.RecordObservableInstruments();
        Assert.Equal(2, Interlocked.Read(ref parkedRows));

        // Parked rows stay for an operator and are never leased again.
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, (await relay.RelayBatchAsync(settings, CancellationToken.None)).Leased);
        DeleteDatabase(file);
    }

    private static OutboxMetrics NewMetrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static async Task<(Database Database, string File)> NewDatabaseAsync()
    {
        DapperTypeHandlers.Register();
        var file = Path.Combine(Path.GetTempPath(), $"sp-outbox-{Guid.NewGuid():N}.db");
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(Database).Assembly, "platform");
        return (database, file);
    }

    private static void DeleteDatabase(string file)
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    /// <summary>Writes a row as no current code would: the poison this test is about.</summary>
    private static async Task<long> InsertRawAsync(Database database, string type, string payload, TimeProvider clock)
    {
        await using var work = await database.BeginAsync();
        var id = await work.Connection.ExecuteScalarAsync<long>("""
            INSERT INTO outbox_messages (message_id, message_type, payload, created_at)
            VALUES (@MessageId, @Type, @Payload, @CreatedAt);
            SELECT last_insert_rowid();
            """, new { MessageId = Guid.NewGuid(), Type = type, Payload = payload, CreatedAt = clock.GetUtcNow() }, work.Transaction);
        await work.CommitAsync();
        return id;
    }

    private static Task<long> AttemptsAsync(string file, long id) =>
        Sql.CountAsync(file, "SELECT attempts FROM outbox_messages WHERE id = @p", id);

    private static Task<long> ParkedAsync(string file) =>
        Sql.CountAsync(file, "SELECT COUNT(*) FROM outbox_messages WHERE parked_at IS NOT NULL");

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
