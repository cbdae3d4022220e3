using Dapper;
using MassTransit;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using SupportPlatform.Benchmark.DurableInsert;
using SupportPlatform.Benchmark.V1;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;

// A bare gRPC endpoint that durably inserts one row per request: the ceiling of a durable write
// through Kestrel, HTTP/2, gRPC and the services' Database (group commits, synchronous = FULL).
// Run by the benchmark: dotnet SupportPlatform.Benchmark.DurableInsert.dll --urls http://127.0.0.1:PORT
// with ConnectionStrings__rows=Data Source=FILE. With ConnectionStrings__messaging=amqp://… it also
// serves the floor of the platform's shape (ShapeFloorService: a row, its event through the
// services' outbox, relay and broker, and two inbox consumers, each on a database of its own:
// ConnectionStrings__floorfirst and __floorsecond).
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint =>
    endpoint.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var connectionString = builder.Configuration.GetConnectionString("rows")
    ?? throw new InvalidOperationException("ConnectionStrings:rows is not set.");
var database = new Database(DatabaseProvider.Sqlite, connectionString);
await using (var connection = await database.OpenAsync())
{
    await connection.ExecuteAsync("""
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS rows (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at TEXT NOT NULL);
        """);
}
builder.Services.AddSingleton(database);
builder.Services.AddGrpc();
var floor = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("messaging"));
if (floor)
{
    // Ids and times stored as the services store them (text), for the outbox, inbox and floor rows.
    DapperTypeHandlers.Register();
    builder.Services.AddSingleton(FloorDatabases.From(builder.Configuration));
    builder.AddSupportMessaging("floor", bus =>
    {
        bus.AddConsumer<FirstFloorConsumer, InboxConsumerDefinition<FirstFloorConsumer>>();
        bus.AddConsumer<SecondFloorConsumer, InboxConsumerDefinition<SecondFloorConsumer>>();
    });
}
// SERVING as soon as it listens: the table exists by then, and there is nothing else to wait for.
var health = new HealthServiceImpl();
health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
builder.Services.AddSingleton(health);
var app = builder.Build();
if (floor)
{
    var consumers = app.Services.GetRequiredService<FloorDatabases>();
    foreach (var (floorDatabase, createSql) in new[]
    {
        (database, ShapeFloorService.CreateTableSql), (consumers.First, FloorConsumer.CreateTableSql), (consumers.Second, FloorConsumer.CreateTableSql),
    })
    {
        await new Migrator(floorDatabase, app.Services.GetRequiredService<ILogger<Migrator>>()).MigrateAsync(typeof(DurableInsertService).Assembly, "floor");
        await using var connection = await floorDatabase.OpenAsync();
        await connection.ExecuteAsync(createSql);
    }
    app.MapGrpcService<ShapeFloorService>();
}
app.MapGrpcService<DurableInsertService>();
app.MapGrpcService<HealthServiceImpl>();
app.Run();

/// <summary>One INSERT in a unit of work of its own; the reply waits for the group's COMMIT.</summary>
internal sealed class DurableInsertService(Database database) : DurableInsert.DurableInsertBase
{
    public override async Task<InsertReply> Insert(InsertRequest request, ServerCallContext context)
    {
        var id = Guid.NewGuid().ToString();
        await using var work = await database.BeginAsync(context.CancellationToken);
        await work.Connection.ExecuteAsync("INSERT INTO rows (id, payload, created_at) VALUES (@id, @payload, @at)",
            new { id, payload = request.Payload, at = DateTimeOffset.UtcNow.ToString("O") }, work.Transaction);
        await work.CommitAsync(context.CancellationToken);
        return new InsertReply { Id = id };
    }
}
