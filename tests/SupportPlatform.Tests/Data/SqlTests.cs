extern alias cases;
extern alias notification;

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// No SQL Server runs here, so every SQL text that can reach SQL Server is at least parsed by
/// ScriptDom; the SQLite side runs for real in the service tests.
/// </summary>
public sealed partial class SqlTests
{
    private static readonly Assembly[] Assemblies = Infrastructure.ServiceAssemblies.All;

    /// <summary>Every <c>const string …Sql</c> outside [SqliteOnly] classes, with its owner.</summary>
    public static TheoryData<string, string> SqlConstants()
    {
        var data = new TheoryData<string, string>();
        foreach (var type in Assemblies.SelectMany(assembly => assembly.GetTypes()))
        {
            if (type.GetCustomAttribute<SqliteOnlyAttribute>() is not null)
            {
                continue;
            }
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (field.IsLiteral && field.FieldType == typeof(string) && field.Name.EndsWith("Sql", StringComparison.Ordinal))
                {
                    data.Add($"{type.Name}.{field.Name}", (string)field.GetRawConstantValue()!);
                }
            }
        }
        return data;
    }

    /// <summary>Every SQL Server migration batch.</summary>
    public static TheoryData<string, string> SqlServerMigrations()
    {
        var data = new TheoryData<string, string>();
        foreach (var assembly in Assemblies)
        {
            foreach (var (_, name, sql) in Migrator.Scripts(assembly, DatabaseProvider.SqlServer))
            {
                var batch = 0;
                foreach (var text in Migrator.SplitBatches(sql))
                {
                    data.Add($"{assembly.GetName().Name}/{name}#{++batch}", text);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SqlConstants))]
    public void SqlConstant_ParsesAsTSql(string owner, string sql)
    {
        AssertParses(owner, sql);
        if (owner.Contains(".List", StringComparison.Ordinal))
        {
            // List queries are sent with the dialect's row limit appended.
            AssertParses(owner + " (limited)", new SqlServerDialect().Limit(sql));
        }
    }

    [Theory]
    [MemberData(nameof(SqlServerMigrations))]
    public void SqlServerMigration_ParsesAsTSql(string script, string sql) => AssertParses(script, sql);

    [Fact]
    public void SqlServerDialect_ParsesAsTSql()
    {
        var dialect = new SqlServerDialect();
        AssertParses(nameof(dialect.ClaimOutboxBatch), dialect.ClaimOutboxBatch);
        AssertParses(nameof(dialect.InsertInboxIfAbsent), dialect.InsertInboxIfAbsent);
    }

    [Fact]
    public void SqlComposedForTheDialect_ParsesAsTSql() =>
        AssertParses("NotificationStore.ListSql", notification::SupportPlatform.Notification.Data.NotificationStore.ListSql(new SqlServerDialect()));

    [Fact]
    public void SqlServerMigrationRun_HoldsAnExclusiveSessionApplicationLock_AndReleasesIt()
    {
        string Constant(string name) => (string)typeof(Migrator).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
        static List<ExecuteStatement> Executions(string sql)
        {
            var script = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
            Assert.Empty(errors);
            var found = new Executions();
            script.Accept(found);
            return found.Statements;
        }
        static string Procedure(ExecuteStatement statement) =>
            ((ExecutableProcedureReference)statement.ExecuteSpecification.ExecutableEntity).ProcedureReference.ProcedureReference.Name.BaseIdentifier.Value;
        static string Argument(ExecuteStatement statement, string name) =>
            ((StringLiteral)statement.ExecuteSpecification.ExecutableEntity.Parameters.Single(p => p.Variable?.Name == name).ParameterValue).Value;

        var acquire = Assert.Single(Executions(Constant("AcquireLockSqlServerSql")));
        var release = Assert.Single(Executions(Constant("ReleaseLockSqlServerSql")));

        Assert.Equal("sp_getapplock", Procedure(acquire));
        Assert.Equal(("Exclusive", "Session"), (Argument(acquire, "@LockMode"), Argument(acquire, "@LockOwner")));
        Assert.Equal("sp_releaseapplock", Procedure(release));
        Assert.Equal("Session", Argument(release, "@LockOwner"));
    }

    private sealed class Executions : TSqlFragmentVisitor
    {
        public List<ExecuteStatement> Statements { get; } = [];

        public override void Visit(ExecuteStatement node) => Statements.Add(node);
    }

    [Fact]
    public void EveryModule_HasMigrationsForBothProviders_WithTheSameNumbers()
    {
        foreach (var assembly in Assemblies)
        {
            var sqlite = Migrator.Scripts(assembly, DatabaseProvider.Sqlite).Select(s => s.Version).ToList();
            var sqlServer = Migrator.Scripts(assembly, DatabaseProvider.SqlServer).Select(s => s.Version).ToList();
            Assert.NotEmpty(sqlite);
            Assert.Equal(sqlite, sqlServer);
        }
    }

    [Fact]
    public async Task Migrations_ApplyOnce_AndAgainChangeNothing()
    {
        DapperTypeHandlers.Register();
        var file = Path.Combine(Path.GetTempPath(), $"sp-migrate-{Guid.NewGuid():N}.db");
        try
        {
            var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
            var migrator = new Migrator(database, NullLogger<Migrator>.Instance);
            await migrator.MigrateAsync(typeof(cases::Program).Assembly, "cases");
            await migrator.MigrateAsync(typeof(cases::Program).Assembly, "cases");

            await using var connection = new SqliteConnection($"Data Source={file}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations; PRAGMA journal_mode;";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal((long)(Migrator.Scripts(typeof(Database).Assembly, DatabaseProvider.Sqlite).Count
                + Migrator.Scripts(typeof(cases::Program).Assembly, DatabaseProvider.Sqlite).Count), reader.GetInt64(0));
            await reader.NextResultAsync();
            await reader.ReadAsync();
            Assert.Equal("wal", reader.GetString(0));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static void AssertParses(string owner, string sql)
    {
        // Dapper expands a list parameter (IN @Ids) into a parenthesised list before sending.
        var sent = ListParameter().Replace(sql, "IN (@$1)");
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sent), out var errors);
        Assert.True(errors.Count == 0,
            $"{owner} does not parse as T-SQL: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sent}");
    }

    [GeneratedRegex(@"IN @(\w+)")]
    private static partial Regex ListParameter();
}
