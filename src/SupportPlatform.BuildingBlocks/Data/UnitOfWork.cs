using System.Data.Common;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// A connection with an open transaction; disposing without commit rolls back. On SQLite a write
/// unit is a savepoint in its process's current group transaction (<see cref="SqliteWriteGroup"/>):
/// <see cref="CommitAsync"/> returns once the group's COMMIT is durable. Pass
/// <see cref="Transaction"/> to every command, and never commit or roll back it directly.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly SqliteWriteGroup? group;
    private bool ended;

    internal UnitOfWork(DbConnection connection, DbTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    internal UnitOfWork(DbConnection connection, DbTransaction transaction, SqliteWriteGroup group)
    {
        Connection = connection;
        Transaction = transaction;
        this.group = group;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>Commits; once this returns, the changes are durable (see the README's "What acknowledged means").</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (group is null)
        {
            return Transaction.CommitAsync(cancellationToken);
        }
        if (ended)
        {
            throw new InvalidOperationException("This unit of work has already ended.");
        }
        ended = true;
        // Not cancellable: the group's COMMIT may already be under way, and a caller told
        // "cancelled" must not find its changes committed after all.
        return group.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (group is not null)
        {
            if (!ended)
            {
                ended = true;
                await group.AbandonAsync();
            }
            return;
        }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
