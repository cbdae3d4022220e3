extern alias notification;

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Tests.Infrastructure;
using NotificationStore = notification::SupportPlatform.Notification.Data.NotificationStore;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// A WatchNotifications stream reads the reader's notifications after its position each time a
/// consumer commits: on SQLite, as its query planner will run it, every search of
/// <c>notifications</c> is bounded by that position — for the reader's own rows and for the vendor
/// queue's — so a wake reads what is new, never the reader's or the queue's whole history.
/// </summary>
public sealed class NotificationQueryPlanTests
{
    [Fact]
    public async Task AStreamsReadAfterItsPosition_SearchesTheRecipientIndexFromThatPosition_ForThePersonAndTheQueue()
    {
        var file = SqliteFiles.NewPath("sp-notification-plan");
        try
        {
            var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
            await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(NotificationStore).Assembly, "notification");

            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            var plan = await QueryPlans.OfAsync(connection, database.Dialect.Limit(NotificationStore.AfterSql),
                new { After = 100L, Limit = 100, PersonId = Guid.NewGuid().ToString(), Reader = Guid.NewGuid(), IncludeQueue = 1 });

            var searches = plan.Where(detail => detail.StartsWith("SEARCH n ", StringComparison.Ordinal) || detail.StartsWith("SCAN n", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, searches.Count);
            Assert.All(searches, detail => Assert.Equal(
                "SEARCH n USING INDEX ix_notifications_recipient (recipient_kind=? AND recipient_id=? AND seq>?)", detail));
        }
        finally
        {
            SqliteFiles.Delete(file);
        }
    }
}
