using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A service's own database: which engine, how to connect, and the SQL that differs between
/// engines (<see cref="Dialect"/>). Connections are pooled by the providers; open one per unit of
/// work and dispose it.
/// </summary>
public sealed class Database
{
    private readonly string connectionString;

    /// <summary>
    /// SQLite has one writer at a time. Writers of this process queue here, in order, instead of
    /// colliding in BEGIN IMMEDIATE, where Microsoft.Data.Sqlite answers SQLITE_BUSY with a
    /// 150 ms sleep before it retries. Other processes on the same file still wait in SQLite's
    /// own busy handler (busy_timeout).
    /// </summary>
    private readonly SemaphoreSlim sqliteWriter = new(1, 1);

    private static readonly TimeSpan WriterWait = TimeSpan.FromSeconds(30);

    public Database(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        this.connectionString = provider == DatabaseProvider.Sqlite
            ? PrepareSqlite(connectionString)
            : connectionString;
        Dialect = provider == DatabaseProvider.Sqlite ? new SqliteDialect() : new SqlServerDialect();
    }

    public DatabaseProvider Provider { get; }

    public SqlDialect Dialect { get; }

    /// <summary>
    /// Opens a connection for reading. Write through <see cref="BeginAsync"/>: only it sets
    /// SQLite's per-connection write settings, so that a read costs no extra statements.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(connectionString)
            : new SqlConnection(connectionString);
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
    /// Opens a connection and begins a write transaction. On SQLite this is BEGIN IMMEDIATE, so
    /// concurrent writers queue on the busy timeout instead of failing with SQLITE_BUSY_SNAPSHOT.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken = default)
    {
        SemaphoreSlim? gate = null;
        if (Provider == DatabaseProvider.Sqlite)
        {
            if (!await sqliteWriter.WaitAsync(WriterWait, cancellationToken))
            {
                throw new TimeoutException($"No write transaction could be started within {WriterWait.TotalSeconds:0} s.");
            }
            gate = sqliteWriter;
        }
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken);
            if (Provider == DatabaseProvider.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                // NORMAL is durable against a killed process in WAL mode (only an OS crash can
                // lose the last commits); foreign keys are off by default in SQLite; the busy
                // timeout makes writers of other processes wait in SQLite instead of failing.
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new UnitOfWork(connection, transaction, gate);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            gate?.Release();
            throw;
        }
    }

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
            var transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true)
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
