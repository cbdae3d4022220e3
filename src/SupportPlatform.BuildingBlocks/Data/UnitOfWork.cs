using System.Data.Common;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>A connection with an open transaction; disposing without commit rolls back.</summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction, SemaphoreSlim? writerGate = null) : IAsyncDisposable
{
    private SemaphoreSlim? writerGate = writerGate;

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task CommitAsync(CancellationToken cancellationToken = default) =>
        Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            Interlocked.Exchange(ref writerGate, null)?.Release();
        }
    }
}
