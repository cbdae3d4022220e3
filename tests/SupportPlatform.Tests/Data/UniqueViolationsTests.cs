using Dapper;
using Microsoft.Data.Sqlite;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Tests.Data;

/// <summary>A lost check-then-insert race is told apart from other database errors (it becomes ABORTED, not INTERNAL).</summary>
public sealed class UniqueViolationsTests
{
    [Fact]
    public async Task ADuplicateKey_IsAUniqueViolation_OtherErrorsAreNot()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE links (case_id TEXT NOT NULL PRIMARY KEY, source_key TEXT NULL UNIQUE)");
        await connection.ExecuteAsync("INSERT INTO links VALUES ('a', 'k')");

        var primaryKey = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO links VALUES ('a', 'x')"));
        var unique = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO links VALUES ('b', 'k')"));
        var notNull = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO links VALUES (NULL, 'y')"));
        var syntax = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO nowhere VALUES (1)"));

        Assert.True(UniqueViolations.Is(primaryKey));
        Assert.True(UniqueViolations.Is(unique));
        Assert.False(UniqueViolations.Is(notNull));
        Assert.False(UniqueViolations.Is(syntax));
        Assert.False(UniqueViolations.Is(new InvalidOperationException("not a database error")));
    }
}
