using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// A statement kept prepared remembers its result's column names and the type a NULL reads as,
/// and its command holds its parameters in a collection of its own: tried where remembering could
/// go wrong. Every row must read exactly as on a connection of its own (Microsoft.Data.Sqlite
/// without the platform's wrappers): NULLs and values alternating in a column, a column whose
/// values change type from row to row, a table that gains a column under a kept statement, and
/// parameters as Dapper binds them (a list expanded, one command run for each item of a list).
/// And a kept statement is compiled once: not again for each new value of a parameter its plan could depend on.
/// </summary>
public sealed class KeptStatementTests : IAsyncLifetime
{
    private const string ByIdSql = "SELECT id AS Id, closed_at AS ClosedAt, count AS Count, note AS Note FROM items WHERE id = @Id";

    private readonly string file = SqliteFiles.NewPath("kept-statement");
    private Database database = null!;

    public async Task InitializeAsync()
    {
        database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "PRAGMA journal_mode = WAL; " +
            "CREATE TABLE items (id TEXT PRIMARY KEY, closed_at TEXT NULL, count INTEGER NULL, note TEXT NULL); " +
            "CREATE TABLE mixed (id INTEGER PRIMARY KEY, value);");
    }

    public Task DisposeAsync()
    {
        SqliteFiles.Delete(file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task RowsWithNullsAndValuesInTurn_ReadAsOnAConnectionOfTheirOwn()
    {
        Item[] items =
        [
            new("a", null, null, null),
            new("b", "2026-12-06T10:00:00+00:00", 3, "three"),
            new("c", null, 0, null),
            new("d", "2026-12-07T11:30:00+01:00", null, ""),
        ];
        await using (var work = await database.BeginAsync())
        {
            // One command run for each item: its parameters cleared and bound again each time.
            await work.Connection.ExecuteAsync(
                "INSERT INTO items (id, closed_at, count, note) VALUES (@Id, @ClosedAt, @Count, @Note)", items, work.Transaction);
            await work.CommitAsync();
        }
        var (_, reusedBefore, _) = database.ReadStatements;

        // Each row twice, in an order that turns every column from NULL to a value and back.
        foreach (var id in new[] { "a", "b", "c", "d", "a", "d", "b", "c" })
        {
            await using var connection = await database.OpenAsync();
            var kept = await connection.QuerySingleAsync<Item>(ByIdSql, new { Id = id });
            Assert.Equal(await OwnConnectionAsync(connection => connection.QuerySingleAsync<Item>(ByIdSql, new { Id = id })), kept);
            Assert.Equal(items.Single(item => item.Id == id), kept);
        }

        // The same columns and types, asked of the reader itself on every row.
        await using (var connection = await database.OpenAsync())
        {
            var kept = await ColumnsOfEveryRowAsync(connection, "SELECT id, closed_at, count, note FROM items ORDER BY id");
            var own = await OwnConnectionAsync(connection => ColumnsOfEveryRowAsync(connection, "SELECT id, closed_at, count, note FROM items ORDER BY id"));
            Assert.Equal(own, kept);
        }

        // A list expanded into parameters of its own, on a kept statement.
        await using (var connection = await database.OpenAsync())
        {
            var found = await connection.QueryAsync<string>("SELECT id FROM items WHERE id IN @Ids ORDER BY id", new { Ids = new[] { "d", "b", "x" } });
            Assert.Equal(["b", "d"], found);
        }

        var (_, reused, _) = database.ReadStatements;
        Assert.True(reused > reusedBefore + 6, $"the reads ran on kept statements ({reused - reusedBefore} reused)");
    }

    [Fact]
    public async Task AColumnWhoseValuesChangeTypeFromRowToRow_ReadsAsEachRowHoldsIt()
    {
        await using (var work = await database.BeginAsync())
        {
            await work.Connection.ExecuteAsync(
                "INSERT INTO mixed (id, value) VALUES (1, 5), (2, 'five'), (3, NULL), (4, 2.5), (5, x'05'), (6, NULL)", transaction: work.Transaction);
            await work.CommitAsync();
        }
        const string ValueSql = "SELECT value FROM mixed WHERE id = @Id";

        foreach (var id in new[] { 1, 2, 3, 4, 5, 6, 3, 2, 1 })
        {
            await using var connection = await database.OpenAsync();
            var kept = await connection.QuerySingleAsync<object?>(ValueSql, new { Id = id });
            var own = await OwnConnectionAsync(connection => connection.QuerySingleAsync<object?>(ValueSql, new { Id = id }));
            Assert.Equal(own, kept);
            Assert.Equal(own?.GetType(), kept?.GetType());
            Assert.Equal(
                await OwnConnectionAsync(connection => ColumnsOfEveryRowAsync(connection, ValueSql, new { Id = id })),
                await ColumnsOfEveryRowAsync(connection, ValueSql, new { Id = id }));
        }

        await using (var connection = await database.OpenAsync())
        {
            var kept = await ColumnsOfEveryRowAsync(connection, "SELECT id, value FROM mixed ORDER BY id");
            Assert.Equal(await OwnConnectionAsync(connection => ColumnsOfEveryRowAsync(connection, "SELECT id, value FROM mixed ORDER BY id")), kept);
            Assert.Equal(["Int64", "Int64", "Int64", "Int64", "Int64", "Int64"], kept.Select(row => row[0].Type));
            // Microsoft.Data.Sqlite's answer for a NULL in a column without a declared type: the
            // type of the value on the row before it.
            Assert.Equal(["Int64", "String", "String", "Double", "Byte[]", "Byte[]"], kept.Select(row => row[1].Type));
        }
    }

    [Fact]
    public async Task ATableThatGainsAColumn_IsReadWhole_ByAStatementKeptBeforeIt()
    {
        await using (var work = await database.BeginAsync())
        {
            await work.Connection.ExecuteAsync("INSERT INTO items (id) VALUES ('a')", transaction: work.Transaction);
            await work.CommitAsync();
        }
        const string AllSql = "SELECT * FROM items WHERE id = 'a'";
        await using (var connection = await database.OpenAsync())
        {
            var before = (IDictionary<string, object?>)await connection.QuerySingleAsync(AllSql);
            Assert.Equal(["id", "closed_at", "count", "note"], before.Keys);
        }

        await OwnConnectionAsync(connection => connection.ExecuteAsync("ALTER TABLE items ADD COLUMN priority TEXT NULL DEFAULT 'P2'"));

        await using (var connection = await database.OpenAsync())
        {
            var after = (IDictionary<string, object?>)await connection.QuerySingleAsync(AllSql);
            Assert.Equal(["id", "closed_at", "count", "note", "priority"], after.Keys);
            Assert.Equal("P2", after["priority"]);
        }
    }

    [Fact]
    public async Task AStatementWithABoundLimit_IsNotCompiledAgain_ForEachNewValue()
    {
        // As every page of a list, the outbox relay's claim and each wake of a notification stream
        // run: a parameter in LIMIT. SQLite may plan by a LIMIT's bound value, and so, unless told
        // to keep its plans stable, compiles the statement again whenever that parameter is bound anew.
        const string PageSql = "SELECT id FROM items WHERE id > @After ORDER BY id LIMIT @Limit";
        await using (var work = await database.BeginAsync())
        {
            await work.Connection.ExecuteAsync("INSERT INTO items (id) VALUES ('a'), ('b'), ('c'), ('d'), ('e')", transaction: work.Transaction);
            await work.CommitAsync();
        }

        string[] ids = ["a", "b", "c", "d", "e"];
        for (var limit = 1; limit <= 4; limit++)
        {
            await using (var connection = await database.OpenAsync())
            {
                Assert.Equal(ids[..limit], await connection.QueryAsync<string>(PageSql, new { After = "", Limit = limit }));
            }
            await using var work = await database.BeginAsync();
            Assert.Equal(ids[1..(limit + 1)], await work.Connection.QueryAsync<string>(PageSql, new { After = "a", Limit = limit }, work.Transaction));
            await work.CommitAsync();
        }

        Assert.Equal(0, database.StatementsRecompiled);
        // The same statement, kept on a plain connection and run with the same values, is compiled again each time.
        var ownRecompilations = await OwnConnectionAsync(async connection =>
        {
            connection.Handle!.enable_sqlite3_next_stmt(true);
            await using var command = connection.CreateCommand();
            command.CommandText = PageSql;
            for (var limit = 1; limit <= 4; limit++)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("@After", "");
                command.Parameters.AddWithValue("@Limit", limit);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                }
            }
            return Recompilations(connection);
        });
        Assert.True(ownRecompilations >= 3, $"without the guarantee SQLite compiled the statement again {ownRecompilations} times in four runs");
    }

    /// <summary>How often SQLite compiled the statements prepared on <paramref name="connection"/> again.</summary>
    private static long Recompilations(SqliteConnection connection)
    {
        const int Reprepared = 5; // SQLITE_STMTSTATUS_REPREPARE
        var total = 0L;
        for (var statement = raw.sqlite3_next_stmt(connection.Handle, null); statement is not null; statement = raw.sqlite3_next_stmt(connection.Handle, statement))
        {
            total += raw.sqlite3_stmt_status(statement, Reprepared, 0);
        }
        return total;
    }

    /// <summary>For each row, each column's name and the name of its type.</summary>
    private static async Task<List<(string Name, string Type)[]>> ColumnsOfEveryRowAsync(DbConnection connection, string sql, object? parameters = null)
    {
        var rows = new List<(string Name, string Type)[]>();
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters);
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(ordinal => (reader.GetName(ordinal), reader.GetFieldType(ordinal).Name))]);
        }
        return rows;
    }

    /// <summary>Runs <paramref name="query"/> on a plain Microsoft.Data.Sqlite connection: no kept statement, no wrapper.</summary>
    private async Task<T> OwnConnectionAsync<T>(Func<SqliteConnection, Task<T>> query)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        return await query(connection);
    }

    public sealed record Item(string Id, string? ClosedAt, long? Count, string? Note);
}
