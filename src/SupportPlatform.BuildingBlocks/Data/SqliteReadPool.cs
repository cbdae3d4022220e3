using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A database's SQLite connections for reading, kept open with their statements prepared
/// (<see cref="CachedStatementConnection"/>): <see cref="Database.OpenAsync"/> rents one and
/// disposing it gives it back. Microsoft.Data.Sqlite pools the native handles but compiles every
/// statement again for each new command, so a read such as GetCase compiled its query on every
/// call. A connection comes back only in a clean state: no transaction open and every command
/// given back (a statement not reset would pin an old snapshot); any other is closed. In WAL mode
/// a connection without a transaction reads the latest commit at each statement, so a kept one
/// sees everything committed before its next query.
/// </summary>
internal sealed class SqliteReadPool(string connectionString)
{
    /// <summary>The most idle connections kept; readers beyond it close theirs when done.</summary>
    public const int MaxIdle = 16;

    // A queue, not a bag: a bag is a list per thread, and a connection given back on one thread and
    // rented on another (as async calls are) is stolen under a lock, which GetCase's profile showed.
    private readonly ConcurrentQueue<CachedStatementConnection> idle = new();
    private int idleCount;
    private long opened;

    public StatementCounts Statements { get; } = new();

    /// <summary>How often the idle connections' kept statements were compiled again (<see cref="CachedStatementConnection.Recompilations"/>).</summary>
    public long Recompilations => idle.Sum(connection => connection.Recompilations);

    /// <summary>Connections opened (each the first time its statements are compiled).</summary>
    public long Opened => Interlocked.Read(ref opened);

    public async Task<PooledReadConnection> RentAsync(CancellationToken cancellationToken)
    {
        if (idle.TryDequeue(out var kept))
        {
            Interlocked.Decrement(ref idleCount);
            return new PooledReadConnection(kept, this);
        }
        var inner = new SqliteConnection(connectionString);
        try
        {
            await inner.OpenAsync(cancellationToken);
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }
        Interlocked.Increment(ref opened);
        return new PooledReadConnection(CachedStatementConnection.Keep(inner, Statements), this);
    }

    /// <summary>Takes a connection back if it is clean and there is room; closes it otherwise.</summary>
    public void Return(CachedStatementConnection connection, bool clean)
    {
        if (clean && connection.AllReturned && connection.State == System.Data.ConnectionState.Open)
        {
            if (Interlocked.Increment(ref idleCount) <= MaxIdle)
            {
                idle.Enqueue(connection);
                return;
            }
            Interlocked.Decrement(ref idleCount);
        }
        connection.Dispose();
    }
}
