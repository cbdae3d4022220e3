using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A read connection rented from a <see cref="SqliteReadPool"/>: its commands run on the kept
/// connection's prepared statements, and disposing (or closing) it gives the connection back.
/// Used after that, it answers as closed.
/// </summary>
internal sealed class PooledReadConnection(CachedStatementConnection inner, SqliteReadPool pool) : DbConnection
{
    private bool returned;

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => throw new NotSupportedException("A pooled read connection is not reconfigured.");
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => returned ? ConnectionState.Closed : inner.State;

    public override void ChangeDatabase(string databaseName) =>
        throw new NotSupportedException("A pooled read connection stays on its database.");

    public override void Open()
    {
        if (State != ConnectionState.Open)
        {
            throw new InvalidOperationException("A pooled read connection given back is not opened again: rent another from Database.OpenAsync.");
        }
    }

    public override void Close() => GiveBack();

    /// <summary>A deferred transaction: a snapshot from its first read on, never taking the writer's lock.</summary>
    public SqliteTransaction BeginRead() => Begin(IsolationLevel.Serializable, deferred: true);

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => Begin(isolationLevel, deferred: false);

    protected override DbCommand CreateDbCommand()
    {
        ObjectDisposedException.ThrowIf(returned, this);
        return inner.CreateCommand();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            GiveBack();
        }
        base.Dispose(disposing);
    }

    private SqliteTransaction Begin(IsolationLevel isolationLevel, bool deferred)
    {
        ObjectDisposedException.ThrowIf(returned, this);
        var transaction = inner.Inner.BeginTransaction(isolationLevel, deferred);
        inner.Transaction = transaction;
        return transaction;
    }

    private void GiveBack()
    {
        if (returned)
        {
            return;
        }
        returned = true;
        // A transaction still open (its owner neither committed nor disposed it) is not handed on:
        // closing the connection rolls it back.
        var clean = inner.Transaction is not { Connection: not null };
        inner.Transaction = null;
        pool.Return(inner, clean);
    }
}
