extern alias escalation;

using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Common.V1;
using escalation::SupportPlatform.Escalation.Application;
using escalation::SupportPlatform.Escalation.Data;

namespace SupportPlatform.Tests.Data;

/// <summary>
/// The on-call weekday became the shared support.common.v1.Weekday (issue 12): schedules stored
/// before, as proto JSON with ON_CALL_WEEKDAY_ names, still read after the migration.
/// </summary>
public sealed class OnCallWeekdayMigrationTests
{
    private const string OldLayers = """
        [{"participantIds":["7d0c6a4e-0000-4000-8000-000000000001"],"rotationHours":168,"handoffTime":"09:00","startDate":"2026-01-05",
          "restrictions":[{"startDay":"ON_CALL_WEEKDAY_MONDAY","startTime":"09:00","endDay":"ON_CALL_WEEKDAY_FRIDAY","endTime":"17:00"}]}]
        """;

    [Fact]
    public async Task ASchedule_StoredWithTheOldDayNames_ReadsAfterTheMigration()
    {
        DapperTypeHandlers.Register();
        var file = Path.Combine(Path.GetTempPath(), $"sp-weekday-{Guid.NewGuid():N}.db");
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        var migrator = new Migrator(database, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(typeof(Database).Assembly, "platform");
        await migrator.MigrateAsync(typeof(ScheduleRow).Assembly, "escalation");

        await using var connection = await database.OpenAsync();
        const string sql = "UPDATE on_call_schedules SET layers_json = @Layers";
        await connection.ExecuteAsync(sql, new { Layers = OldLayers });
        var script = typeof(ScheduleRow).Assembly.GetManifestResourceNames().Single(name => name.EndsWith("Sqlite.0006_common_weekday.sql", StringComparison.Ordinal));
        using (var reader = new StreamReader(typeof(ScheduleRow).Assembly.GetManifestResourceStream(script)!))
        {
            await connection.ExecuteAsync(await reader.ReadToEndAsync());
        }

        var row = await connection.QuerySingleAsync<ScheduleRow>("SELECT layers_json AS LayersJson FROM on_call_schedules");
        var restriction = OnCallSchedules.Layers(row).Single().Restrictions.Single();
        Assert.Equal((Weekday.Monday, Weekday.Friday), (restriction.StartDay, restriction.EndDay));
    }
}
