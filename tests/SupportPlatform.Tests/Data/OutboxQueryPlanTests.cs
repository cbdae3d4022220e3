using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// The outbox's statements on SQLite, as its query planner will run them: none reads the whole of
/// <c>outbox_messages</c>, which keeps every sent row for retention's hours — a scan there makes
/// each relay batch cost more as the table grows.
/// </summary>
public sealed class OutboxQueryPlanTests
{
    [Fact]
    public async Task EveryOutboxStatement_ReadsThroughAnIndex_NeverTheWholeTable()
    {
        await using var sqlite = await MigratedSqlite.CreateAsync("sp-outbox-plan", typeof(Database).Assembly, "platform");
        var dialect = new SqliteDialect();
        string[] statements = [dialect.ClaimOutboxBatch, .. OutboxRelay.Statements, dialect.DeleteSentOutboxBatch];
        var parameters = new
        {
            Owner = "relay", LeaseUntil = DateTimeOffset.UtcNow, Now = DateTimeOffset.UtcNow, BatchSize = 100, SentAt = DateTimeOffset.UtcNow,
            RetryAt = DateTimeOffset.UtcNow, Ids = new[] { 1L, 2L }, Id = 1L, Attempts = 1, Error = "refused", ParkedAt = DateTimeOffset.UtcNow,
            Cutoff = DateTimeOffset.UtcNow,
        };

        var scans = new List<string>();
        foreach (var statement in statements)
        {
            var plan = await QueryPlans.OfAsync(sqlite.Connection, statement, parameters);
            Assert.NotEmpty(plan);
            scans.AddRange(plan.Where(detail => detail == "SCAN outbox_messages").Select(detail => $"{detail} in: {statement}"));
        }

        Assert.Empty(scans);
    }
}
