using Dapper;
using Microsoft.Data.Sqlite;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// SQLite's read connections are kept open with their statements prepared and rented again: tried
/// where keeping them could go wrong — a kept connection must see every commit made before its
/// next query (its own process's writer's and another process's), a read transaction must still be
/// a snapshot, and a connection handed back with a reader or transaction still open must not be
/// handed on (it would pin an old snapshot).
/// </summary>
public sealed class ReadPoolTests : IAsyncLifetime
{
    private const string CountSql = "SELECT COUNT(*) FROM rows";

    private readonly string file = SqliteFiles.NewPath("read-pool");
    private Database database = null!;

    public async Task InitializeAsync()
    {
        database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE rows (id TEXT PRIMARY KEY);");
    }

    public Task DisposeAsync()
    {
        SqliteFiles.Delete(file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AKeptConnection_RunsItsQueryPrepared_AndSeesEveryCommitMadeBeforeIt()
    {
        Assert.Equal(0, await CountAsync());
        var (_, reusedBefore, connections) = database.ReadStatements;

        await InsertAsync();
        Assert.Equal(1, await CountAsync());
        // Another process's commit (a replica on the same file).
        await using (var other = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await other.OpenAsync();
            await other.ExecuteAsync("INSERT INTO rows (id) VALUES (@id)", new { id = Guid.NewGuid().ToString() });
        }
        Assert.Equal(2, await CountAsync());

        var (_, reused, connectionsAfter) = database.ReadStatements;
        Assert.Equal(connections, connectionsAfter);
        Assert.Equal(reusedBefore + 2, reused);
    }

    [Fact]
    public async Task AReadTransaction_IsASnapshot_AndItsConnectionIsRentedAgainAfterwards()
    {
        await InsertAsync();
        var (_, _, connections) = database.ReadStatements;
        await using (var read = await database.BeginReadAsync())
        {
            Assert.Equal(1, await read.Connection.ExecuteScalarAsync<long>(CountSql, transaction: read.Transaction));
            await InsertAsync();
            // The snapshot holds; a query given no transaction runs in the read's all the same.
            Assert.Equal(1, await read.Connection.ExecuteScalarAsync<long>(CountSql, transaction: read.Transaction));
            Assert.Equal(1, await read.Connection.ExecuteScalarAsync<long>(CountSql));
        }

        Assert.Equal(2, await CountAsync());
        Assert.Equal(connections, database.ReadStatements.Connections);
    }

    [Fact]
    public async Task AConnectionGivenBackWithAReaderOpen_IsClosedNotHandedOn_SoNoOldSnapshotIsSeen()
    {
        await InsertAsync();
        var connection = await database.OpenAsync();
        var reader = await connection.ExecuteReaderAsync("SELECT id FROM rows");
        Assert.True(await reader.ReadAsync());
        var (_, _, connections) = database.ReadStatements;
        await connection.DisposeAsync();

        await InsertAsync();
        Assert.Equal(2, await CountAsync());
        Assert.Equal(connections + 1, database.ReadStatements.Connections);
        await reader.DisposeAsync();
    }

    [Fact]
    public async Task ManyReadersAtOnce_EachGetAConnectionOfItsOwn_AndAtMostTheIdleLimitIsKept()
    {
        await InsertAsync();
        var width = Database.SqliteReadConnectionsKept + 8;
        var (_, _, before) = database.ReadStatements;
        Assert.All(await BurstAsync(width), count => Assert.Equal(1, count));
        // The one connection kept from the start is rented again; the others are opened.
        Assert.Equal(width - 1, database.ReadStatements.Connections - before);

        // Another burst as wide finds only the idle limit kept: the rest are opened again.
        var (_, _, middle) = database.ReadStatements;
        await BurstAsync(width);
        Assert.Equal(width - Database.SqliteReadConnectionsKept, database.ReadStatements.Connections - middle);
    }

    /// <summary><paramref name="width"/> readers holding a connection at the same time, each counting the rows.</summary>
    private async Task<long[]> BurstAsync(int width)
    {
        var holding = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return await Task.WhenAll(Enumerable.Range(0, width).Select(async _ =>
        {
            await using var connection = await database.OpenAsync();
            if (Interlocked.Increment(ref holding) == width)
            {
                all.SetResult();
            }
            await all.Task;
            return await connection.ExecuteScalarAsync<long>(CountSql);
        }));
    }

    private async Task<long> CountAsync()
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(CountSql);
    }

    private async Task InsertAsync()
    {
        await using var work = await database.BeginAsync();
        await work.Connection.ExecuteAsync("INSERT INTO rows (id) VALUES (@id)", new { id = Guid.NewGuid().ToString() }, work.Transaction);
        await work.CommitAsync();
    }
}
