extern alias notification;

using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Tests.Infrastructure;
using NotificationStore = notification::SupportPlatform.Notification.Data.NotificationStore;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// A WatchNotifications stream reads the reader's notifications after its position each time a
/// consumer commits: on SQLite, as its query planner will run it, every search of
/// <c>notifications</c> is bounded by that position — for the reader's own rows and for the vendor
/// queue's — so a wake reads what is new, never the reader's or the queue's whole history. A page
/// of ListNotifications likewise costs the same whether the reader has a hundred notifications
/// or ten thousand.
/// </summary>
public sealed class NotificationQueryPlanTests
{
    [Fact]
    public async Task AStreamsReadAfterItsPosition_SearchesTheRecipientIndexFromThatPosition_ForThePersonAndTheQueue()
    {
        await using var sqlite = await MigratedSqlite.CreateAsync("sp-notification-plan", typeof(NotificationStore).Assembly, "notification");
        var plan = await QueryPlans.OfAsync(sqlite.Connection, sqlite.Database.Dialect.Limit(NotificationStore.AfterSql),
            new { After = 100L, Limit = 100, PersonId = Guid.NewGuid().ToString(), Reader = Guid.NewGuid(), IncludeQueue = 1 });

        var searches = plan.Where(detail => detail.StartsWith("SEARCH n ", StringComparison.Ordinal) || detail.StartsWith("SCAN n", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, searches.Count);
        Assert.All(searches, detail => Assert.Equal(
            "SEARCH n USING INDEX ix_notifications_recipient (recipient_kind=? AND recipient_id=? AND seq>?)", detail));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APageOfTheReadersNotifications_CostsTheSame_WhateverTheLengthOfTheirHistory(bool vendorReader)
    {
        await using var sqlite = await MigratedSqlite.CreateAsync("sp-notification-page", typeof(NotificationStore).Assembly, "notification");
        var reader = Guid.NewGuid();

        await AddHistoryAsync(sqlite.Connection, reader, 100);
        var shortHistory = StepsOfFirstPage(sqlite.Connection, sqlite.Database, reader, vendorReader);
        await AddHistoryAsync(sqlite.Connection, reader, 4_900);
        var longHistory = StepsOfFirstPage(sqlite.Connection, sqlite.Database, reader, vendorReader);

        // Fifty times the history: a plan that collects and sorts it all takes about fifty
        // times the steps; one that reads each range in index order stops at the page.
        Assert.True(longHistory < shortHistory * 1.5,
            $"the first page took {shortHistory} SQLite steps with 100 notifications of each recipient and {longHistory} with 5,000");
    }

    /// <summary>Adds <paramref name="count"/> notifications to the person and as many to the vendor queue.</summary>
    private static async Task AddHistoryAsync(SqliteConnection connection, Guid person, int count)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        for (var index = 0; index < count; index++)
        {
            foreach (var (kind, recipient) in new[] { ("PERSON", person.ToString()), ("VENDOR_SUPPORT_QUEUE", "") })
            {
                await connection.ExecuteAsync("""
                    INSERT INTO notifications (id, event_id, recipient_kind, recipient_id, channel, event_type, subject, body, created_at)
                    VALUES (@Id, @EventId, @Kind, @Recipient, 'IN_APP', 'CaseSubmitted', 'A case', 'A new case.', '2026-12-07T10:00:00.0000000Z')
                    """, new { Id = Guid.NewGuid().ToString(), EventId = Guid.NewGuid().ToString(), Kind = kind, Recipient = recipient }, transaction);
            }
        }
        await transaction.CommitAsync();
    }

    /// <summary>The virtual-machine steps SQLite takes for the newest page of twenty (SQLITE_STMTSTATUS_VM_STEP).</summary>
    private static int StepsOfFirstPage(SqliteConnection connection, Database database, Guid reader, bool vendorReader)
    {
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(connection.Handle, NotificationStore.ListSql(database.Dialect), out var statement));
        using (statement)
        {
            void Bind(string name, Action<int> bind)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, name);
                if (index > 0)
                {
                    bind(index);
                }
            }
            Bind("@Before", index => raw.sqlite3_bind_int64(statement, index, long.MaxValue));
            Bind("@Limit", index => raw.sqlite3_bind_int64(statement, index, 20));
            Bind("@UnreadOnly", index => raw.sqlite3_bind_int64(statement, index, 0));
            Bind("@IncludeQueue", index => raw.sqlite3_bind_int64(statement, index, vendorReader ? 1 : 0));
            Bind("@PersonId", index => raw.sqlite3_bind_text(statement, index, reader.ToString()));
            Bind("@Reader", index => raw.sqlite3_bind_text(statement, index, reader.ToString()));
            var rows = 0;
            while (raw.sqlite3_step(statement) == raw.SQLITE_ROW)
            {
                rows++;
            }
            Assert.Equal(20, rows);
            return raw.sqlite3_stmt_status(statement, raw.SQLITE_STMTSTATUS_VM_STEP, 0);
        }
    }
}
