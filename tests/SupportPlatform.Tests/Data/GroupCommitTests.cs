using Dapper;
using Microsoft.Data.Sqlite;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// SQLite's writers of a process commit in groups with <c>synchronous = FULL</c>: tried as the
/// services use it (many writers at once on one file) and where it could go wrong — a unit that
/// fails inside a group, a unit that answers on what the group wrote before it, and a group whose
/// COMMIT fails. What every check comes down to: a unit of work acknowledged is on disk and
/// readable by anyone, and nothing is acknowledged that was not kept.
/// </summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly string file = SqliteFiles.NewPath("group-commit");
    private Database database = null!;

    public async Task InitializeAsync()
    {
        database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE parents (id INTEGER PRIMARY KEY);
            CREATE TABLE rows (id TEXT PRIMARY KEY, writer INTEGER NOT NULL,
                parent INTEGER REFERENCES parents(id) DEFERRABLE INITIALLY DEFERRED);
            INSERT INTO parents (id) VALUES (1);
            """);
    }

    public Task DisposeAsync()
    {
        SqliteFiles.Delete(file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task SixtyFourWritersAtOnce_CommitInFewerCommitsThanUnits_AndEachRowIsReadableByOthersOnceAcknowledged()
    {
        const int writers = 64;
        // The first unit to get the turn keeps it until the other 63 writers wait for it, so that
        // they are at once whatever the machine's load (on a busy CI host the thread pool could
        // otherwise start them one after another, each committing alone).
        var firstInTurn = 0;
        var missing = await Task.WhenAll(Enumerable.Range(0, writers).Select(async writer =>
        {
            await Task.Yield();
            var id = Guid.NewGuid().ToString();
            await using (var work = await database.BeginAsync())
            {
                await work.Connection.ExecuteAsync("INSERT INTO rows (id, writer) VALUES (@id, @writer)", new { id, writer }, work.Transaction);
                if (Interlocked.Exchange(ref firstInTurn, 1) == 0)
                {
                    await WaitForQueuedWritersAsync(writers - 1);
                }
                await work.CommitAsync();
            }
            // Acknowledged: another connection (another process, after a power cut) finds it.
            await using var reader = new SqliteConnection($"Data Source={file}");
            await reader.OpenAsync();
            return await reader.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rows WHERE id = @id", new { id }) == 1 ? 0 : 1;
        }));

        Assert.Equal(0, missing.Sum());
        Assert.Equal(writers, await CountAsync("SELECT COUNT(*) FROM rows"));
        var (units, commits) = database.WriteGroups;
        Assert.Equal(writers, units);
        Assert.InRange(commits, 1, writers - 1);
    }

    [Fact]
    public async Task AWriteUnit_RunsWithSynchronousFull_ForeignKeysOn_AndTempStoreInMemory()
    {
        await using var work = await database.BeginAsync();
        Assert.Equal(2, await work.Connection.ExecuteScalarAsync<long>("PRAGMA synchronous", transaction: work.Transaction));
        Assert.Equal(1, await work.Connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys", transaction: work.Transaction));
        // MEMORY (2): the savepoints' sub-journal is kept in memory, not written to a temporary file.
        Assert.Equal(2, await work.Connection.ExecuteScalarAsync<long>("PRAGMA temp_store", transaction: work.Transaction));
    }

    [Fact]
    public async Task AUnitThatFailsInsideAGroup_RollsBackOnlyItsOwnChanges_AndTheOthersCommitInOneCommit()
    {
        await FailBetweenTwoUnitsOfItsGroupAsync("INSERT INTO rows (id, writer) VALUES ('failing', 2)");

        Assert.Equal(["first", "third"], await IdsAsync());
        Assert.Equal((2L, 1L), database.WriteGroups);
    }

    [Fact]
    public async Task AUnitThatChangesManyPagesAndFailsInsideAGroup_LeavesEveryPageAsItWas_AndTheOthersCommit()
    {
        // 10,000 rows committed before: the failing unit changes every page of the table and its
        // key's index, far more than SQLite keeps of a sub-journal in memory unless temp_store is MEMORY.
        await using (var setup = await database.BeginAsync())
        {
            await setup.Connection.ExecuteAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
                INSERT INTO rows (id, writer) SELECT printf('before-%05d', i), 0 FROM n
                """, transaction: setup.Transaction);
            await setup.CommitAsync();
        }
        await FailBetweenTwoUnitsOfItsGroupAsync("UPDATE rows SET id = id || '-changed', writer = 2 WHERE writer = 0");

        Assert.Equal(10000, await CountAsync("SELECT COUNT(*) FROM rows WHERE writer = 0 AND id LIKE 'before-_____'"));
        Assert.Equal(10002, await CountAsync("SELECT COUNT(*) FROM rows"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM rows WHERE writer = 2"));
        Assert.Equal(["ok"], await IntegrityAsync());
    }

    [Fact]
    public async Task AUnitThatReadsAnUncommittedWriteOfItsGroup_AndCommitsNothing_ReturnsOnlyOnceThatWriteIsCommitted()
    {
        var (first, release) = await HoldTurnAsync(writer: 1);
        var seen = -1L;
        var reader = Task.Run(async () =>
        {
            await using var work = await database.BeginAsync();
            // As a replayed request or an inbox duplicate does: it finds the row and answers with it.
            seen = await work.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rows WHERE id = 'first'", transaction: work.Transaction);
        });
        await WaitForQueuedWritersAsync(1);
        // A third writer takes its turn after the reader and holds it: the group cannot commit meanwhile.
        var thirdInTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thirdRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var third = Task.Run(async () =>
        {
            await using var work = await database.BeginAsync();
            thirdInTurn.SetResult();
            await thirdRelease.Task;
            await work.Connection.ExecuteAsync("INSERT INTO rows (id, writer) VALUES ('third', 3)", transaction: work.Transaction);
            await work.CommitAsync();
        });
        await WaitForQueuedWritersAsync(2);
        release.SetResult();
        await thirdInTurn.Task;

        Assert.False(reader.IsCompleted, "the reader answered before the write it read was committed");
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM rows"));
        thirdRelease.SetResult();
        await reader;
        Assert.Equal(1, seen);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM rows WHERE id = 'first'"));
        await Task.WhenAll(first, third);
        Assert.Equal((2L, 1L), database.WriteGroups);
    }

    [Fact]
    public async Task AGroupWhoseCommitFails_FailsEveryUnitInIt_AndKeepsNoneOfTheirRows_ThenTheNextGroupCommits()
    {
        var (first, release) = await HoldTurnAsync(writer: 1);
        // Its parent does not exist: a deferred foreign key, checked only at the group's COMMIT.
        var orphan = WriteAsync("orphan", 2, parent: 99);
        await WaitForQueuedWritersAsync(1);
        release.SetResult();

        var failures = new[]
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => first),
            await Assert.ThrowsAsync<InvalidOperationException>(() => orphan),
        };
        Assert.All(failures, failure => Assert.Contains("group commit", failure.Message, StringComparison.Ordinal));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM rows"));

        await WriteAsync("after", 3, parent: 1);
        Assert.Equal(["after"], await IdsAsync());
    }

    [Fact]
    public async Task AStatementRunAgainByLaterUnitsAndGroups_IsCompiledOnce_AndBindsEachUnitsOwnValues()
    {
        for (var writer = 0; writer < 20; writer++)
        {
            // One after another: each its own group, each running the same INSERT and SELECT.
            await WriteAsync($"row-{writer}", writer);
            await using var work = await database.BeginAsync();
            Assert.Equal($"row-{writer}", await work.Connection.QuerySingleAsync<string>(
                "SELECT id FROM rows WHERE writer = @writer", new { writer }, work.Transaction));
            await work.CommitAsync();
        }

        var ids = await IdsAsync();
        Assert.Equal(Enumerable.Range(0, 20).Select(writer => $"row-{writer}"), ids);
        var (prepared, reused) = database.WriteStatements;
        Assert.Equal(2, prepared);
        Assert.Equal(38, reused);
    }

    [Fact]
    public async Task ParametersNamedWithoutAPrefix_BindToTheNameTheTextWrites_WithAnyOfSqlitesPrefixes_NeverToALongerName()
    {
        await using var work = await database.BeginAsync();
        foreach (var (id, suffix, writer) in new[] { ("a", "-1", 1), ("b", "-2", 2), ("c", "-3", 3), ("d", "-4", 4) })
        {
            var values = new DynamicParameters();
            values.Add("writer", writer);
            values.Add("suffix", suffix);
            values.Add("id", id);
            await work.Connection.ExecuteAsync("INSERT INTO rows (id, writer) VALUES ($id || :suffix, @writer)", values, work.Transaction);
        }
        // @w is the start of @wmax: each binds its own value, whichever order the parameters come in.
        const string between = "SELECT group_concat(id, ',') FROM (SELECT id FROM rows WHERE writer <= @wmax AND writer >= @w ORDER BY writer)";
        Assert.Equal("b-2,c-3", await work.Connection.ExecuteScalarAsync<string>(between, new { w = 2, wmax = 3 }, work.Transaction));
        Assert.Equal("a-1,b-2", await work.Connection.ExecuteScalarAsync<string>(between, new { wmax = 2, w = 1 }, work.Transaction));
        Assert.Equal("c-3,d-4", await work.Connection.ExecuteScalarAsync<string>(between, new { w = 3, wmax = 9 }, work.Transaction));
        await work.CommitAsync();
    }

    [Fact]
    public async Task AListOfParametersRunsOnceEach_ATextRunWhileItsReaderIsOpen_RunsOnACommandOfItsOwn_AndACommandGivenAnotherTextRunsThat()
    {
        await using (var work = await database.BeginAsync())
        {
            // Dapper runs one command for each item, refilling its parameters in between.
            Assert.Equal(3, await work.Connection.ExecuteAsync("INSERT INTO rows (id, writer) VALUES (@id, @writer)",
                new[] { new { id = "a", writer = 1 }, new { id = "b", writer = 2 }, new { id = "c", writer = 3 } }, work.Transaction));
            const string byWriter = "SELECT id FROM rows WHERE writer >= @writer ORDER BY writer";
            await using var open = await work.Connection.ExecuteReaderAsync(byWriter, new { writer = 2 }, work.Transaction);
            Assert.True(await open.ReadAsync());
            var all = (await work.Connection.QueryAsync<string>(byWriter, new { writer = 1 }, work.Transaction)).ToArray();
            Assert.Equal(new[] { "a", "b", "c" }, all);
            Assert.Equal("b", open.GetString(0));
            Assert.True(await open.ReadAsync());
            Assert.Equal("c", open.GetString(0));
            await open.DisposeAsync();
            // A command run again with another text runs that text.
            await using var command = work.Connection.CreateCommand();
            command.Transaction = work.Transaction;
            command.CommandText = "SELECT COUNT(*) FROM rows";
            Assert.Equal(3L, await command.ExecuteScalarAsync());
            command.CommandText = "SELECT SUM(writer) FROM rows";
            Assert.Equal(6L, await command.ExecuteScalarAsync());
            command.CommandText = "SELECT MIN(writer) FROM rows";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
            await work.CommitAsync();
        }
        Assert.Equal(["a", "b", "c"], await IdsAsync());
    }

    /// <summary>A writer that inserts <c>first</c> and keeps its turn until released, so that others queue behind it.</summary>
    private async Task<(Task Done, TaskCompletionSource Release)> HoldTurnAsync(int writer)
    {
        var inTurn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = Task.Run(async () =>
        {
            await using var work = await database.BeginAsync();
            await work.Connection.ExecuteAsync("INSERT INTO rows (id, writer, parent) VALUES ('first', @writer, 1)", new { writer }, work.Transaction);
            inTurn.SetResult();
            await release.Task;
            await work.CommitAsync();
        });
        await inTurn.Task;
        return (done, release);
    }

    /// <summary>
    /// Runs <paramref name="change"/> in a unit that then fails, in one group with a unit before it
    /// (<c>first</c>) and one after it (<c>third</c>), which both commit.
    /// </summary>
    private async Task FailBetweenTwoUnitsOfItsGroupAsync(string change)
    {
        var (first, release) = await HoldTurnAsync(writer: 1);
        // Two writers queue behind the first, so all three share its group.
        var failing = Task.Run(async () =>
        {
            await using var work = await database.BeginAsync();
            await work.Connection.ExecuteAsync(change, transaction: work.Transaction);
            throw new InvalidOperationException("the unit's own fault");
        });
        var third = WriteAsync("third", 3);
        await WaitForQueuedWritersAsync(2);
        release.SetResult();

        await first;
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await third;
    }

    private Task WriteAsync(string id, int writer, int? parent = null) => Task.Run(async () =>
    {
        await using var work = await database.BeginAsync();
        await work.Connection.ExecuteAsync("INSERT INTO rows (id, writer, parent) VALUES (@id, @writer, @parent)", new { id, writer, parent }, work.Transaction);
        await work.CommitAsync();
    });

    /// <summary>Until <paramref name="count"/> writers wait for their turn (they queue within microseconds of starting).</summary>
    private async Task WaitForQueuedWritersAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (database.QueuedWriters < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} writers did not queue");
            await Task.Delay(1);
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private async Task<string[]> IntegrityAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        return [.. await connection.QueryAsync<string>("PRAGMA integrity_check")];
    }

    private async Task<string[]> IdsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        return [.. await connection.QueryAsync<string>("SELECT id FROM rows ORDER BY writer")];
    }
}
