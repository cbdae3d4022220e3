using Microsoft.Data.Sqlite;

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>A test's own SQLite file, removed afterwards with its WAL and shared-memory files.</summary>
public static class SqliteFiles
{
    /// <summary>A new file name in the temp folder, starting with <paramref name="prefix"/>.</summary>
    public static string NewPath(string prefix) => Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}.db");

    /// <summary>Closes the provider's pooled connections and deletes the file, its <c>-wal</c> and its <c>-shm</c>.</summary>
    public static void Delete(string file)
    {
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }
    }
}
