using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

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
/// </summary>
internal sealed class CachedStatementConnection(SqliteConnection inner, StatementCounts counts) : DbConnection
{
    /// <summary>The most SQL texts kept prepared (list expansions make texts of their own).</summary>
    public const int Capacity = 512;

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
