using Dapper;
using MassTransit;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Benchmark.DurableInsert;

/// <summary>
/// Records each <see cref="CaseSubmitted"/> of the floor once through the services' <see cref="Inbox"/>
/// on a database of its own: the inbox row and one row in <c>floor_rows</c>, in one transaction
/// (grouped commits), the least a service's consumer can do with an event.
/// </summary>
public abstract class FloorConsumer(Database database, Outbox outbox, TimeProvider clock) : IConsumer<CaseSubmitted>
{
    /// <summary>A consumer's table, in its own database.</summary>
    public const string CreateTableSql = "CREATE TABLE IF NOT EXISTS floor_rows (id TEXT PRIMARY KEY, created_at TEXT NOT NULL)";

    private const string InsertSql = "INSERT INTO floor_rows (id, created_at) VALUES (@Id, @CreatedAt)";

    private readonly Inbox inbox = new(database, outbox, clock);

    public Task Consume(ConsumeContext<CaseSubmitted> context) =>
        inbox.HandleOnceAsync(context, GetType().Name, work =>
            work.Connection.ExecuteAsync(InsertSql, new { Id = context.Message.Case.CaseId, CreatedAt = clock.GetUtcNow() }, work.Transaction));
}
