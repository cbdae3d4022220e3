using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.Logging;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// Applies numbered migration scripts, embedded as resources named
/// <c>…Migrations.{Provider}.NNNN_name.sql</c>, in order and each once. Every module (the shared
/// building blocks, then the service) keeps its own sequence in <c>schema_migrations</c>.
/// Each script runs in its own transaction together with its bookkeeping row. Replicas starting
/// together take turns: on SQLite each script's write transaction (<c>BEGIN IMMEDIATE</c>) makes the
/// later replica wait and then find the script applied; on SQL Server, whose read-committed
/// transactions would let both apply it, the whole run holds an exclusive application lock
/// (<c>sp_getapplock</c>) on a connection of its own.
/// </summary>
public sealed partial class Migrator(Database database, ILogger<Migrator> logger)
{
    private const string CreateHistorySql = """
        CREATE TABLE schema_migrations (
            module VARCHAR(100) NOT NULL,
            version INT NOT NULL,
            name VARCHAR(200) NOT NULL,
            applied_at VARCHAR(40) NOT NULL,
            PRIMARY KEY (module, version))
        """;

    private const string HistoryExistsSqliteSql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

    private const string HistoryExistsSqlServerSql = "SELECT COUNT(*) FROM sys.tables WHERE name = 'schema_migrations'";

    private const string SelectAppliedSql = "SELECT version FROM schema_migrations WHERE module = @Module";

    private const string InsertAppliedSql = """
        INSERT INTO schema_migrations (module, version, name, applied_at)
        VALUES (@Module, @Version, @Name, @AppliedAt)
        """;

    /// <summary>The application lock every replica's migration run takes on SQL Server (one per database).</summary>
    public const string LockResource = "supportplatform-schema-migrations";

    /// <summary>How long a replica waits for another one's migration run before it gives up.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private const string AcquireLockSqlServerSql = """
        DECLARE @result INT;
        EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @TimeoutMs;
        IF @result < 0 THROW 50001, 'Another replica is still migrating this database; the migration lock was not granted in time.', 1;
        """;

    private const string ReleaseLockSqlServerSql = "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session';";

    /// <summary>The shared tables first (outbox, inbox), then the service's own.</summary>
    public async Task MigrateAsync(Assembly serviceAssembly, string module, CancellationToken cancellationToken = default)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            // WAL is a property of the file: set once, kept by every later connection.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        await using var turn = await TakeTurnAsync(cancellationToken);
        await EnsureHistoryTableAsync(cancellationToken);
        await ApplyAsync(typeof(Migrator).Assembly, "platform", cancellationToken);
        await ApplyAsync(serviceAssembly, module, cancellationToken);
    }

    /// <summary>
    /// SQL Server: the session-owned application lock, held until the returned object is disposed
    /// (closing its connection would release it too, should the process die). SQLite: nothing.
    /// </summary>
    private async Task<IAsyncDisposable?> TakeTurnAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.SqlServer)
        {
            return null;
        }
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(AcquireLockSqlServerSql,
                new { Resource = LockResource, TimeoutMs = (int)LockTimeout.TotalMilliseconds },
                commandTimeout: (int)LockTimeout.TotalSeconds + 30, cancellationToken: cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new MigrationLock(connection);
    }

    /// <summary>Releases the application lock and closes its connection.</summary>
    private sealed class MigrationLock(System.Data.Common.DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (connection)
            {
                await connection.ExecuteAsync(ReleaseLockSqlServerSql, new { Resource = LockResource });
            }
        }
    }

    /// <summary>The migration scripts an assembly embeds for a provider, in order.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts(Assembly assembly, DatabaseProvider provider)
    {
        var marker = $".Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.Contains(marker, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var file = name[(name.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..];
                var match = ScriptName().Match(file);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"Migration '{name}' is not named NNNN_name.sql.");
                }
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(match.Groups[1].Value), file, reader.ReadToEnd());
            })
            .OrderBy(script => script.Item1)
            .ToList();
    }

    private async Task EnsureHistoryTableAsync(CancellationToken cancellationToken)
    {
        await using var work = await database.BeginAsync(cancellationToken);
        var exists = await work.Connection.ExecuteScalarAsync<long>(
            database.Provider == DatabaseProvider.Sqlite ? HistoryExistsSqliteSql : HistoryExistsSqlServerSql, transaction: work.Transaction);
        if (exists == 0)
        {
            await work.Connection.ExecuteAsync(CreateHistorySql, transaction: work.Transaction);
        }
        await work.CommitAsync(cancellationToken);
    }

    private async Task ApplyAsync(Assembly assembly, string module, CancellationToken cancellationToken)
    {
        foreach (var (version, name, sql) in Scripts(assembly, database.Provider))
        {
            // The write transaction serialises replicas starting together: the second one waits,
            // then sees the version applied and skips it.
            await using var work = await database.BeginAsync(cancellationToken);
            var applied = await work.Connection.QueryAsync<int>(SelectAppliedSql, new { Module = module }, work.Transaction);
            if (applied.Contains(version))
            {
                continue;
            }
            foreach (var batch in SplitBatches(sql))
            {
                await work.Connection.ExecuteAsync(batch, transaction: work.Transaction);
            }
            await work.Connection.ExecuteAsync(InsertAppliedSql,
                new { Module = module, Version = version, Name = name, AppliedAt = DateTimeOffset.UtcNow.ToString("O") },
                work.Transaction);
            await work.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Module} {Name}", module, name);
        }
    }

    /// <summary>Splits a script on lines that hold only GO (the SQL Server batch separator).</summary>
    public static IEnumerable<string> SplitBatches(string sql) =>
        GoLine().Split(sql).Select(batch => batch.Trim()).Where(batch => batch.Length > 0);

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex ScriptName();

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
