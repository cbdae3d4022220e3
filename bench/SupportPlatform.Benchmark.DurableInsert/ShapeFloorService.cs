using Dapper;
using Grpc.Core;
using SupportPlatform.Benchmark.V1;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Benchmark.DurableInsert;

/// <summary>
/// One row and its event — a <see cref="CaseSubmitted"/> as the cases service writes it, on a
/// virtual host of its own so that no service hears it — in one unit of work, committed through
/// the services' outbox; the relay and the two <see cref="FloorConsumer"/>s do the rest (the
/// proto says what each call does).
/// </summary>
public sealed class ShapeFloorService(Database database, FloorDatabases consumers, Outbox outbox, TimeProvider clock) : ShapeFloor.ShapeFloorBase
{
    /// <summary>The writer's table, beside the services' outbox (applied by the Migrator).</summary>
    public const string CreateTableSql = "CREATE TABLE IF NOT EXISTS floor_rows (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at TEXT NOT NULL)";

    private static readonly Guid Organization = Guid.CreateVersion7();

    private static readonly Guid Submitter = Guid.CreateVersion7();

    private const string InsertSql = "INSERT INTO floor_rows (id, payload, created_at) VALUES (@Id, @Payload, @CreatedAt)";

    private const string CountSql = "SELECT COUNT(*) FROM floor_rows";

    public override async Task<InsertReply> InsertAndPublish(InsertRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var work = await database.BeginAsync(context.CancellationToken);
        await work.Connection.ExecuteAsync(InsertSql, new { Id = id, request.Payload, CreatedAt = now }, work.Transaction);
        await outbox.EnqueueAsync(work, new CaseSubmitted(new CaseSnapshot
        {
            CaseId = id,
            OrganizationId = Organization,
            SubmitterId = Submitter,
            Title = "Inbound calls drop after thirty seconds",
            Type = "INCIDENT",
            Priority = "P1",
            Plan = "PREMIUM_PLUS",
            Status = "SUBMITTED",
            Version = 1,
            CreatedAt = now,
            ChangedAt = now,
            ClockHolder = "VENDOR",
        }, now));
        await outbox.CommitAsync(work, context.CancellationToken);
        return new InsertReply { Id = id.ToString() };
    }

    public override async Task<TallyReply> Tally(TallyRequest request, ServerCallContext context) => new()
    {
        Written = await CountAsync(database, context.CancellationToken),
        RecordedFirst = await CountAsync(consumers.First, context.CancellationToken),
        RecordedSecond = await CountAsync(consumers.Second, context.CancellationToken),
    };

    private static async Task<long> CountAsync(Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(CountSql);
    }
}
