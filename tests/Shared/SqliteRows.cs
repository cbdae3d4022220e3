using Microsoft.Data.Sqlite;

namespace SupportPlatform.Tests.Shared;

/// <summary>
/// Reads what a service recorded straight from its SQLite file (read-only, unpooled, so the file
/// is never held open). Shared by the end-to-end tests and the benchmark's fault suite.
/// </summary>
public static class SqliteRows
{
    /// <summary>The rows <paramref name="sql"/> returns from <paramref name="file"/>; none when the file does not exist yet.</summary>
    public static async Task<List<T>> QueryAsync<T>(string file, string sql, Func<SqliteDataReader, T> read)
    {
        if (!File.Exists(file))
        {
            return [];
        }
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}
