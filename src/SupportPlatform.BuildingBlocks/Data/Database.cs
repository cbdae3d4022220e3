using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A service's own database: which engine, how to connect, and the SQL that differs between
/// engines (<see cref="Dialect"/>). Open a connection per unit of work and dispose it: SQL
/// Server's provider pools them; on SQLite this class keeps the connections open, with their
/// statements prepared (one writer's, and a pool of readers).
/// </summary>
public sealed class Database
{
    private readonly string connectionString;

    /// <summary>
    /// SQLite has one writer at a time: the writers of this process take turns here and commit in
    /// groups (see <see cref="SqliteWriteGroup"/>), instead of colliding in BEGIN IMMEDIATE, where
    /// Microsoft.Data.Sqlite answers SQLITE_BUSY with a 150 ms sleep before it retries. Writers
    /// of other processes on the same file wait in SQLite's own busy handler (busy_timeout).
    /// </summary>
    private readonly SqliteWriteGroup? sqliteWriter;

    /// <summary>SQLite's read connections, kept open with their statements prepared.</summary>
    private readonly SqliteReadPool? sqliteReaders;

    public Database(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        this.connectionString = provider == DatabaseProvider.Sqlite
            ? PrepareSqlite(connectionString)
            : connectionString;
        Dialect = provider == DatabaseProvider.Sqlite ? new SqliteDialect() : new SqlServerDialect();
        sqliteWriter = provider == DatabaseProvider.Sqlite ? new SqliteWriteGroup(this.connectionString) : null;
        sqliteReaders = provider == DatabaseProvider.Sqlite ? new SqliteReadPool(this.connectionString) : null;
    }

    /// <summary>SQLite only: the most idle read connections kept open; readers beyond it close theirs when done.</summary>
    public const int SqliteReadConnectionsKept = SqliteReadPool.MaxIdle;

    public DatabaseProvider Provider { get; }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// Opens a connection for reading; dispose it when done. Write through <see cref="BeginAsync"/>:
    /// only it sets SQLite's per-connection write settings, so that a read costs no extra
    /// statements. On SQLite the connection is rented from a pool of kept-open ones whose
    /// statements stay prepared (<see cref="SqliteReadPool"/>), and disposing gives it back.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (sqliteReaders is not null)
        {
            return await sqliteReaders.RentAsync(cancellationToken);
        }
        DbConnection connection = new SqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Begins a unit of work that writes. On SQLite it is a savepoint in the process's current
    /// group transaction (BEGIN IMMEDIATE, <c>synchronous = FULL</c>), committed together with the
    /// units of the writers queued behind it; on SQL Server a transaction of its own. Either way
    /// <see cref="UnitOfWork.CommitAsync"/> returns once the changes are durable.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        if (sqliteWriter is not null)
        {
            return await sqliteWriter.BeginAsync(cancellationToken);
        }
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// SQLite only: the units of work committed so far, and the COMMITs (each with its fsync) that
    /// wrote them; their ratio is the average group. Zero on SQL Server, which groups log flushes itself.
    /// </summary>
    public (long Units, long Commits) WriteGroups =>
        sqliteWriter is null ? (0, 0) : (sqliteWriter.UnitsCommitted, sqliteWriter.GroupsCommitted);

    /// <summary>
    /// SQLite only: the statements the writer compiled, and those it ran again on a kept prepared
    /// statement (<see cref="CachedStatementConnection"/>). Zero on SQL Server, which caches plans itself.
    /// </summary>
    public (long Prepared, long Reused) WriteStatements => sqliteWriter?.Statements ?? (0, 0);

    /// <summary>
    /// SQLite only: the statements the read connections compiled, those they ran again prepared,
    /// and the read connections opened (the rest of the reads ran on a kept one).
    /// </summary>
    public (long Prepared, long Reused, long Connections) ReadStatements =>
        sqliteReaders is null ? (0, 0, 0) : (sqliteReaders.Statements.Prepared, sqliteReaders.Statements.Reused, sqliteReaders.Opened);

    /// <summary>
    /// SQLite only: how often the kept statements of the writer and of the idle read connections
    /// were compiled again after their first compilation (0 unless the schema changed under them:
    /// their plans do not depend on the values bound). Zero on SQL Server.
    /// </summary>
    public long StatementsRecompiled => (sqliteWriter?.Recompilations ?? 0) + (sqliteReaders?.Recompilations ?? 0);

    /// <summary>SQLite only: the writers of this process waiting for their turn.</summary>
    public int QueuedWriters => sqliteWriter?.Waiting ?? 0;

    /// <summary>
    /// Opens a connection with a read transaction: a consistent snapshot for several queries,
    /// without taking the writer's turn (on SQLite a deferred transaction, which in WAL mode never
    /// blocks or is blocked by the writer). Do not write in it.
    /// </summary>
    public async Task<UnitOfWork> BeginReadAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            var transaction = connection is PooledReadConnection sqlite
                ? sqlite.BeginRead()
                : await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
            return new UnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }
        var path = builder.DataSource;
        if (!string.IsNullOrEmpty(path) && path != ":memory:")
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        return builder.ToString();
    }
}
