using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A command of a <see cref="CachedStatementConnection"/>: its parameters are collected here and
/// bound on the connection's kept command for its SQL text when it runs; that command is given
/// back when this one is disposed (after its reader, which Dapper always disposes first).
/// </summary>
internal sealed class CachedStatementCommand(CachedStatementConnection owner) : DbCommand
{
    private readonly CommandParameters parameters = new();
    private KeptStatement? running;
    private bool cached;
    private string text = "";

    [AllowNull]
    public override string CommandText
    {
        get => text;
        set
        {
            var next = value ?? "";
            if (running is not null && !string.Equals(next, text, StringComparison.Ordinal))
            {
                // Another text after a run: the kept command of the old one goes back first.
                Release();
            }
            text = next;
        }
    }

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("SQLite runs SQL text only.");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => owner;
        set
        {
            if (value is not null && !ReferenceEquals(value, owner))
            {
                throw new NotSupportedException("A command of a kept-open connection stays on it.");
            }
        }
    }

    protected override DbParameterCollection DbParameterCollection => parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => running?.Command.Cancel();

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Start().ExecuteNonQuery();

    public override object? ExecuteScalar() => Start().ExecuteScalar();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        var command = Start();
        return new KeptStatementReader(command.ExecuteReader(behavior), running!);
    }

    private SqliteCommand Start()
    {
        running ??= owner.Rent(text, out cached);
        var command = running.Command;
        command.Transaction = (SqliteTransaction?)DbTransaction ?? owner.Transaction;
        command.CommandTimeout = CommandTimeout;
        // The same parameter objects, bound again at each run: Dapper runs one command for each
        // item of a list, clearing and refilling its parameters in between. Each is named as the
        // text writes it, so that SQLite finds it with one look (KeptStatement.BindingName).
        command.Parameters.Clear();
        for (var index = 0; index < parameters.Count; index++)
        {
            var parameter = (SqliteParameter)parameters[index];
            parameter.ParameterName = running.BindingName(index, parameter.ParameterName);
            command.Parameters.Add(parameter);
        }
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Release();
        }
        base.Dispose(disposing);
    }

    /// <summary>Gives the kept command back to the connection (or disposes one of its own).</summary>
    private void Release()
    {
        if (running is null)
        {
            return;
        }
        if (cached && owner.Inner.State == ConnectionState.Open)
        {
            owner.Return(running);
        }
        else
        {
            owner.Discard(running);
        }
        running = null;
    }
}
