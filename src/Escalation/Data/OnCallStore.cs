using System.Data.Common;
using Dapper;
using SupportPlatform.BuildingBlocks.Data;

namespace SupportPlatform.Escalation.Data;

/// <summary>On-call schedules and their overrides.</summary>
public static class OnCallStore
{
    private const string ScheduleColumns = """
        schedule_id AS ScheduleId, name AS Name, time_zone AS TimeZone, layers_json AS LayersJson, version AS Version,
        created_at AS CreatedAt, updated_at AS UpdatedAt, updated_by AS UpdatedBy
        """;

    private const string OverrideColumns = """
        override_id AS OverrideId, schedule_id AS ScheduleId, person_id AS PersonId, starts_at AS StartsAt, ends_at AS EndsAt,
        created_at AS CreatedAt, created_by AS CreatedBy, removed_at AS RemovedAt, removed_by AS RemovedBy
        """;

    private const string SelectScheduleSql = $"SELECT {ScheduleColumns} FROM on_call_schedules WHERE schedule_id = @ScheduleId";

    private const string ListSchedulesSql = $"""
        SELECT {ScheduleColumns} FROM on_call_schedules
        WHERE (@AfterId IS NULL OR schedule_id > @AfterId)
        ORDER BY schedule_id
        """;

    private const string InsertScheduleSql = """
        INSERT INTO on_call_schedules (schedule_id, name, time_zone, layers_json, version, created_at, updated_at, updated_by)
        VALUES (@ScheduleId, @Name, @TimeZone, @LayersJson, @Version, @CreatedAt, @UpdatedAt, @UpdatedBy)
        """;

    private const string UpdateScheduleSql = """
        UPDATE on_call_schedules SET name = @Name, time_zone = @TimeZone, layers_json = @LayersJson, version = @Version,
                                     updated_at = @UpdatedAt, updated_by = @UpdatedBy
        WHERE schedule_id = @ScheduleId AND version = @Version - 1
        """;

    /// <summary>Takes the schedule row's write lock first, so that changes to one schedule take turns (SQL Server).</summary>
    private const string LockScheduleSql = "UPDATE on_call_schedules SET version = version WHERE schedule_id = @ScheduleId";

    private const string InsertOverrideSql = """
        INSERT INTO on_call_overrides (override_id, schedule_id, person_id, starts_at, ends_at, created_at, created_by)
        VALUES (@OverrideId, @ScheduleId, @PersonId, @StartsAt, @EndsAt, @CreatedAt, @CreatedBy)
        """;

    private const string SelectOverrideSql = $"""
        SELECT {OverrideColumns} FROM on_call_overrides WHERE schedule_id = @ScheduleId AND override_id = @OverrideId
        """;

    private const string RemoveOverrideSql = """
        UPDATE on_call_overrides SET removed_at = @RemovedAt, removed_by = @RemovedBy
        WHERE override_id = @OverrideId AND removed_at IS NULL
        """;

    private const string OverlappingOverridesSql = $"""
        SELECT {OverrideColumns} FROM on_call_overrides
        WHERE schedule_id = @ScheduleId AND removed_at IS NULL AND ends_at > @From AND starts_at < @To
        ORDER BY starts_at, override_id
        """;

    private const string CountOpenOverridesSql = """
        SELECT COUNT(*) FROM on_call_overrides WHERE schedule_id = @ScheduleId AND removed_at IS NULL AND ends_at > @Now
        """;

    private const string ExistingSchedulesSql = "SELECT schedule_id FROM on_call_schedules WHERE schedule_id IN @Ids";

    public static Task<ScheduleRow?> FindAsync(DbConnection connection, DbTransaction? transaction, Guid scheduleId) =>
        connection.QuerySingleOrDefaultAsync<ScheduleRow>(SelectScheduleSql, new { ScheduleId = scheduleId }, transaction);

    /// <summary>A page of schedules by id, after <paramref name="afterId"/>.</summary>
    public static async Task<IReadOnlyList<ScheduleRow>> ListAsync(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, Guid? afterId, int limit) =>
        [.. await connection.QueryAsync<ScheduleRow>(dialect.Limit(ListSchedulesSql), new { AfterId = afterId, Limit = limit }, transaction)];

    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, ScheduleRow row) =>
        connection.ExecuteAsync(InsertScheduleSql, row, transaction);

    /// <summary>Writes <paramref name="row"/> (whose version is one more than the stored one). False when the stored version was not the one before.</summary>
    public static async Task<bool> UpdateAsync(DbConnection connection, DbTransaction transaction, ScheduleRow row) =>
        await connection.ExecuteAsync(UpdateScheduleSql, row, transaction) == 1;

    /// <summary>Locks the schedule's row for the transaction. False when there is no such schedule.</summary>
    public static async Task<bool> LockAsync(DbConnection connection, DbTransaction transaction, Guid scheduleId) =>
        await connection.ExecuteAsync(LockScheduleSql, new { ScheduleId = scheduleId }, transaction) == 1;

    /// <summary>Which of <paramref name="ids"/> are schedules (sent as text: SQL Server converts it, SQLite stores ids so).</summary>
    public static async Task<IReadOnlySet<Guid>> ExistingAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<Guid> ids) =>
        ids.Count == 0 ? new HashSet<Guid>() : (await connection.QueryAsync<Guid>(ExistingSchedulesSql, new { Ids = ids.Select(id => id.ToString("D")).ToList() }, transaction)).ToHashSet();

    public static Task InsertOverrideAsync(DbConnection connection, DbTransaction transaction, OverrideRow row) =>
        connection.ExecuteAsync(InsertOverrideSql, row, transaction);

    public static Task<OverrideRow?> FindOverrideAsync(DbConnection connection, DbTransaction? transaction, Guid scheduleId, Guid overrideId) =>
        connection.QuerySingleOrDefaultAsync<OverrideRow>(SelectOverrideSql, new { ScheduleId = scheduleId, OverrideId = overrideId }, transaction);

    /// <summary>Marks an override removed. False when it was removed already.</summary>
    public static async Task<bool> RemoveOverrideAsync(DbConnection connection, DbTransaction transaction, Guid overrideId, DateTimeOffset at, Guid by) =>
        await connection.ExecuteAsync(RemoveOverrideSql, new { OverrideId = overrideId, RemovedAt = at, RemovedBy = by }, transaction) == 1;

    /// <summary>The overrides that count and overlap [from, to), by start.</summary>
    public static async Task<IReadOnlyList<OverrideRow>> OverridesAsync(DbConnection connection, DbTransaction? transaction, Guid scheduleId, DateTimeOffset from, DateTimeOffset to) =>
        [.. await connection.QueryAsync<OverrideRow>(OverlappingOverridesSql, new { ScheduleId = scheduleId, From = from, To = to }, transaction)];

    /// <summary>How many overrides that count have not ended at <paramref name="now"/>.</summary>
    public static Task<long> CountOpenOverridesAsync(DbConnection connection, DbTransaction transaction, Guid scheduleId, DateTimeOffset now) =>
        connection.ExecuteScalarAsync<long>(CountOpenOverridesSql, new { ScheduleId = scheduleId, Now = now }, transaction);
}
