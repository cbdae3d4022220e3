using Microsoft.Data.Sqlite;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>Reads a service's SQLite file directly, to check what was (not) written.</summary>
public static class Sql
{
    public static async Task<long> CountAsync(string databaseFile, string sql, object? parameter = null)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (parameter is not null)
        {
            command.Parameters.AddWithValue("@p", parameter);
        }
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
