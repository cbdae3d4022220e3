using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;

namespace SupportPlatform.Tests.Messaging;

/// <summary>Retention of the outbox and inbox on a real SQLite file, with a fake clock.</summary>
public sealed class MessagingRetentionTests : IAsyncLifetime
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sp-retention-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly MessagingRetentionOptions settings = new() { BatchSize = 2 };
    private Database database = null!;

    public async Task InitializeAsync()
    {
        DapperTypeHandlers.Register();
        database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(Database).Assembly, "platform");
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Run_DeletesRowsOlderThanTheirWindows_InBatches_AndKeepsYoungUnsentAndParkedRows()
    {
        var now = clock.GetUtcNow();
        for (var index = 0; index < 5; index++)
        {
            await OutboxRowAsync(created: now.AddDays(-2), sent: now.AddDays(-1).AddMinutes(-1));
        }
        var youngSent = await OutboxRowAsync(created: now.AddHours(-2), sent: now.AddHours(-23));
        var unsent = await OutboxRowAsync(created: now.AddDays(-3), sent: null);
        var parked = await OutboxRowAsync(created: now.AddDays(-3), sent: null, parked: now.AddDays(-3));
        for (var index = 0; index < 7; index++)
        {
            await InboxRowAsync(now.AddDays(-7).AddMinutes(-1));
        }
        var youngInbox = await InboxRowAsync(now.AddDays(-6));

        var run = await Cleaner().RunOnceAsync(CancellationToken.None);

        Assert.True(run.Claimed);
        Assert.Equal(5, run.OutboxDeleted);
        Assert.Equal(7, run.InboxDeleted);
        // Two rows per statement: 2 + 2 + 1 outbox rows, 2 + 2 + 2 + 1 inbox rows.
        Assert.Equal(7, run.Batches);
        Assert.Equal([youngSent, unsent, parked], await OutboxIdsAsync());
        Assert.Equal([youngInbox], await InboxIdsAsync());
    }

    [Fact]
    public async Task TwoCleanersOnOneDatabase_OnlyOneRunsPerInterval()
    {
        var first = Cleaner();
        var second = Cleaner();
        await InboxRowAsync(clock.GetUtcNow().AddDays(-8));

        var together = await Task.WhenAll(first.RunOnceAsync(CancellationToken.None), second.RunOnceAsync(CancellationToken.None));
        Assert.Single(together, run => run.Claimed);
        Assert.Equal(1, together.Sum(run => run.InboxDeleted));

        // Within the interval neither runs again, whatever has become old meanwhile.
        await InboxRowAsync(clock.GetUtcNow().AddDays(-8));
        clock.Advance(settings.Interval - TimeSpan.FromSeconds(1));
        Assert.False((await first.RunOnceAsync(CancellationToken.None)).Claimed);
        Assert.False((await second.RunOnceAsync(CancellationToken.None)).Claimed);
        Assert.Single(await InboxIdsAsync());

        clock.Advance(TimeSpan.FromSeconds(1));
        var next = await Task.WhenAll(second.RunOnceAsync(CancellationToken.None), first.RunOnceAsync(CancellationToken.None));
        Assert.Single(next, run => run.Claimed);
        Assert.Empty(await InboxIdsAsync());
    }

    [Fact]
    public void Validation_RefusesAnInboxWindowThatARedeliveredMessageCouldOutlive()
    {
        var relay = new OutboxRelayOptions();
        var validator = new MessagingRetentionOptionsValidator(Options.Create(relay));
        var horizon = MessagingRetentionOptionsValidator.RedeliveryHorizon(relay);

        Assert.True(validator.Validate(null, new MessagingRetentionOptions()).Succeeded);
        Assert.True(horizon > TimeSpan.FromMilliseconds(Inbox.DefaultRetryIntervals.Sum()) + relay.LeaseDuration);
        var tooShort = validator.Validate(null, new MessagingRetentionOptions { Inbox = horizon });
        Assert.True(tooShort.Failed);
        Assert.Contains("Retention:Inbox", tooShort.FailureMessage);
    }

    /// <summary>A cleaner as a replica has it: its own <see cref="Database"/> on the shared file.</summary>
    private MessagingRetention Cleaner() =>
        new(new Database(DatabaseProvider.Sqlite, $"Data Source={file}"), clock, Options.Create(settings), NullLogger<MessagingRetention>.Instance);

    private async Task<long> OutboxRowAsync(DateTimeOffset created, DateTimeOffset? sent, DateTimeOffset? parked = null)
    {
        await using var work = await database.BeginAsync();
        var id = await work.Connection.ExecuteScalarAsync<long>("""
            INSERT INTO outbox_messages (message_id, message_type, payload, created_at, sent_at, parked_at)
            VALUES (@MessageId, 'CaseSubmitted', '{}', @Created, @Sent, @Parked);
            SELECT last_insert_rowid();
            """, new { MessageId = Guid.NewGuid(), Created = created, Sent = sent, Parked = parked }, work.Transaction);
        await work.CommitAsync();
        return id;
    }

    private async Task<Guid> InboxRowAsync(DateTimeOffset received)
    {
        var messageId = Guid.NewGuid();
        await using var work = await database.BeginAsync();
        await work.Connection.ExecuteAsync(
            "INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES (@MessageId, 'test', @Received)",
            new { MessageId = messageId, Received = received }, work.Transaction);
        await work.CommitAsync();
        return messageId;
    }

    private async Task<List<long>> OutboxIdsAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<long>("SELECT id FROM outbox_messages ORDER BY id")).ToList();
    }

    private async Task<List<Guid>> InboxIdsAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Guid>("SELECT message_id FROM inbox_messages")).ToList();
    }
}
