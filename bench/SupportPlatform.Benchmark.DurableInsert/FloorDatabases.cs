using Microsoft.Extensions.Configuration;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Benchmark.DurableInsert;

/// <summary>
/// The floor consumers' databases, one each as in the platform's shape (each service owns its
/// own); the writer's rows and outbox are in the process's <see cref="Database"/>.
/// </summary>
public sealed record FloorDatabases(Database First, Database Second)
{
    /// <summary>From <c>ConnectionStrings:floorfirst</c> and <c>floorsecond</c> (SQLite).</summary>
    public static FloorDatabases From(IConfiguration configuration)
    {
        Database Open(string name) => new(DatabaseProvider.Sqlite, configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set (the floor needs it beside ConnectionStrings:messaging)."));
        return new FloorDatabases(Open("floorfirst"), Open("floorsecond"));
    }
}
