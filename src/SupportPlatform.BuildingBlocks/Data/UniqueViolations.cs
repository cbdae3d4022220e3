using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// Tells a unique-key violation from other database errors. Check-then-insert code (a row "unless
/// present") can still collide with a concurrent transaction on SQL Server, where readers do not
/// serialise as SQLite's single writer does; such a collision means "changed concurrently, retry",
/// not an internal error.
/// </summary>
public static class UniqueViolations
{
    // SQLite: SQLITE_CONSTRAINT_PRIMARYKEY and SQLITE_CONSTRAINT_UNIQUE.
    private const int SqlitePrimaryKey = 1555;
    private const int SqliteUnique = 2067;
    // SQL Server: a unique index, a unique or primary-key constraint.
    private const int SqlServerUniqueIndex = 2601;
    private const int SqlServerUniqueConstraint = 2627;

    public static bool Is(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqlitePrimaryKey or SqliteUnique,
        SqlException sqlServer => sqlServer.Number is SqlServerUniqueIndex or SqlServerUniqueConstraint,
        _ => false,
    };
}
