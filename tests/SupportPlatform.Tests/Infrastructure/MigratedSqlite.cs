using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// A test's own SQLite file with a module's migrations applied and a plain connection open on it;
/// disposing closes the connection and deletes the file.
/// </summary>
public sealed class MigratedSqlite : IAsyncDisposable
{
    private readonly string file;

    private MigratedSqlite(string file, Database database, SqliteConnection connection) =>
        (this.file, Database, Connection) = (file, database, connection);

    public Database Database { get; }

    public SqliteConnection Connection { get; }

    public static async Task<MigratedSqlite> CreateAsync(string prefix, Assembly serviceAssembly, string module)
    {
        var file = SqliteFiles.NewPath(prefix);
        try
        {
            var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
            await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(serviceAssembly, module);
            var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            return new MigratedSqlite(file, database, connection);
        }
        catch
        {
            SqliteFiles.Delete(file);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        SqliteFiles.Delete(file);
    }
}
