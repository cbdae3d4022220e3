using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A kept-open SQLite connection (the write group's, or one of the read pool's) as its users see
/// it: each SQL text it runs stays prepared for the next user that runs it. Microsoft.Data.Sqlite compiles a statement again for
/// every new command (it keeps it only on the command object), and Dapper makes a new command per
/// call, so without this every statement of every unit was compiled anew. Commands made here
/// (<see cref="CachedStatementCommand"/>) run on a kept <see cref="SqliteCommand"/> per SQL text
/// (a <see cref="KeptStatement"/>, which also remembers its result's columns),
/// rented from the call until the command is disposed; a text already in use (a reader still
/// open) runs on a command of its own, as does everything once <see cref="Capacity"/> texts are kept.
/// Made by <see cref="Keep"/>, which holds the connection's query plans independent of the values bound.
/// </summary>
internal sealed class CachedStatementConnection(SqliteConnection inner, StatementCounts counts) : DbConnection
{
    /// <summary>The most SQL texts kept prepared (list expansions make texts of their own).</summary>
    public const int Capacity = 512;

    /// <summary><c>SQLITE_DBCONFIG_ENABLE_QPSG</c>: the query planner stability guarantee.</summary>
    private const int EnableQueryPlannerStability = 1007;

    /// <summary><c>SQLITE_STMTSTATUS_REPREPARE</c>: how often a statement was compiled again.</summary>
    private const int RepreparedStatus = 5;

    /// <summary>
    /// Keeps <paramref name="opened"/>'s statements, its plans held independent of the values
    /// bound (SQLite's query planner stability guarantee). Without it SQLite compiles a kept
    /// statement again whenever a parameter that could change its plan is bound anew — every
    /// <c>LIMIT @Limit</c> (each page of a list, the outbox relay's claim of a batch, each wake of
    /// a WatchNotifications stream) was compiled again on every run: a sixth of the notification
    /// service's CPU at 100 cases/s. The plans checked stay as they were: the services never run
    /// ANALYZE, so SQLite has no statistics that a value could choose by.
    /// </summary>
    public static CachedStatementConnection Keep(SqliteConnection opened, StatementCounts counts)
    {
        var handle = opened.Handle ?? throw new InvalidOperationException("Only an open connection is kept.");
        var result = raw.sqlite3_db_config(handle, EnableQueryPlannerStability, 1, out var enabled);
        if (result != raw.SQLITE_OK || enabled != 1)
        {
            throw new InvalidOperationException($"SQLite refused its query planner stability guarantee (result {result}, state {enabled}).");
        }
        // So that Recompilations can walk the connection's statements (SQLitePCL then tracks them).
        handle.enable_sqlite3_next_stmt(true);
        return new CachedStatementConnection(opened, counts);
    }

    /// <summary>
    /// How often SQLite compiled this connection's prepared statements again after their first
    /// compilation (a schema change does, and without <see cref="Keep"/>'s guarantee a new value of
    /// a parameter the plan depends on): over the statements prepared on it now.
    /// </summary>
    public long Recompilations
    {
        get
        {
            var total = 0L;
            for (var statement = raw.sqlite3_next_stmt(inner.Handle, null); statement is not null; statement = raw.sqlite3_next_stmt(inner.Handle, statement))
            {
                total += raw.sqlite3_stmt_status(statement, RepreparedStatus, 0);
            }
            return total;
        }
    }

    private readonly Dictionary<string, KeptStatement> idle = new(StringComparer.Ordinal);
    private readonly HashSet<string> kept = new(StringComparer.Ordinal);
    private int rented;

    public SqliteConnection Inner => inner;

    /// <summary>
    /// True when every command rented has been given back: none still holds a statement of this
    /// connection (a statement not reset would keep an old read snapshot open on it).
    /// </summary>
    public bool AllReturned => rented == 0;

    /// <summary>
    /// The connection's open transaction (the write group's, or a read's), for a command given none
    /// (as <see cref="SqliteConnection.CreateCommand"/> gives its commands the connection's).
    /// </summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>
    /// The kept command for <paramref name="text"/>, or a new one: kept from now on (<paramref name="cached"/>)
    /// unless the text already has a kept command in use or <see cref="Capacity"/> texts are kept.
    /// </summary>
    internal KeptStatement Rent(string text, out bool cached)
    {
        rented++;
        if (idle.Remove(text, out var statement))
        {
            counts.AddReused();
            cached = true;
            return statement;
        }
        counts.AddPrepared();
        cached = !kept.Contains(text) && kept.Count < Capacity && kept.Add(text);
        var fresh = inner.CreateCommand();
        fresh.CommandText = text;
        return new KeptStatement(fresh);
    }

    /// <summary>Gives a kept command back, its parameters cleared (their values are not held on to).</summary>
    internal void Return(KeptStatement statement)
    {
        rented--;
        statement.Command.Parameters.Clear();
        statement.Command.Transaction = null;
        idle[statement.Command.CommandText] = statement;
    }

    /// <summary>Disposes a rented command that is not kept (or cannot be, its connection closed).</summary>
    internal void Discard(KeptStatement statement)
    {
        rented--;
        statement.Command.Dispose();
    }

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => throw new NotSupportedException("A kept-open connection is not reconfigured.");
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

    public override void Open() => inner.Open();

    public override void Close() => inner.Close();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        throw new NotSupportedException("Begin transactions through Database: a unit of work's is the write group's, a read's the pooled connection's.");

    protected override DbCommand CreateDbCommand() => new CachedStatementCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var statement in idle.Values)
            {
                statement.Command.Dispose();
            }
            idle.Clear();
            kept.Clear();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
