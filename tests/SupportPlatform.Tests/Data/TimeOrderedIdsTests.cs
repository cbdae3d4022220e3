using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// The ids written on every case's path (outbox messages, and through them inbox rows; cases,
/// pages, notifications, deliveries) are UUIDv7 from the writer's clock: stored as text, a later
/// id sorts after an earlier one, so inserts land at the end of their indexes instead of on a
/// random page each — fewer pages written per commit.
/// </summary>
public sealed class TimeOrderedIdsTests
{
    [Fact]
    public async Task OutboxMessageIds_AreVersion7FromTheClock_AndSortAsTheyWereWritten()
    {
        var file = SqliteFiles.NewPath("sp-ids");
        try
        {
            DapperTypeHandlers.Register();
            var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
            await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(Database).Assembly, "platform");
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
            var outbox = new Outbox(new OutboxSignal(), clock);

            var written = new List<Guid>();
            for (var index = 0; index < 5; index++)
            {
                await using var work = await database.BeginAsync();
                var snapshot = new CaseSnapshot
                {
                    CaseId = Guid.NewGuid(), OrganizationId = Guid.NewGuid(), SubmitterId = Guid.NewGuid(), Title = "Ordered", Type = "INCIDENT",
                    Priority = "P3", Plan = "PREMIUM", Status = "WITHDRAWN", Version = 2, CreatedAt = clock.GetUtcNow(),
                };
                written.Add(await outbox.EnqueueAsync(work, new CaseWithdrawn(snapshot, Guid.NewGuid(), "A duplicate", clock.GetUtcNow())));
                await work.CommitAsync();
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            Assert.All(written, id => Assert.Equal(7, id.Version));
            Assert.Equal(clock.Start.ToUnixTimeMilliseconds(), Convert.ToInt64(written[0].ToString("N")[..12], 16));
            await using var connection = new SqliteConnection($"Data Source={file}");
            var stored = (await connection.QueryAsync<string>("SELECT message_id FROM outbox_messages ORDER BY message_id")).ToList();
            Assert.Equal(written.Select(id => id.ToString("D")), stored);
        }
        finally
        {
            SqliteFiles.Delete(file);
        }
    }
}
