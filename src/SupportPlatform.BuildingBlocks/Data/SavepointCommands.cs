using Microsoft.Data.Sqlite;

namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>
/// The write group's unit savepoint (<see cref="SqliteWriteGroup"/>): SAVEPOINT, RELEASE and
/// ROLLBACK TO on commands kept with the group's connection, so each is compiled once for the
/// connection's life instead of once per unit. One name serves every unit, as the units of a
/// group run one after another and each ends its savepoint before the next begins.
/// </summary>
internal sealed class SavepointCommands(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand begin = Command(connection, "SAVEPOINT unit");
    private readonly SqliteCommand release = Command(connection, "RELEASE unit");
    private readonly SqliteCommand rollBack = Command(connection, "ROLLBACK TO unit");

    /// <summary>Starts a unit within <paramref name="transaction"/>.</summary>
    public void Begin(SqliteTransaction transaction) => Run(begin, transaction);

    /// <summary>Keeps the unit's changes in the group's transaction.</summary>
    public void Release(SqliteTransaction transaction) => Run(release, transaction);

    /// <summary>Undoes the unit's changes and ends it; the group's transaction goes on.</summary>
    public void RollBack(SqliteTransaction transaction)
    {
        Run(rollBack, transaction);
        Run(release, transaction);
    }

    public void Dispose()
    {
        begin.Dispose();
        release.Dispose();
        rollBack.Dispose();
    }

    private static SqliteCommand Command(SqliteConnection connection, string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction transaction)
    {
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
