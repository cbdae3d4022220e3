using SupportPlatform.BuildingBlocks.Domain;
using System.Data.Common;
using NodaTime;
using NodaTime.Text;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Data;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;

namespace SupportPlatform.Escalation.Application;

/// <summary>
/// Turns a stored schedule (its layers as the proto's JSON, its overrides as rows) into the
/// rotation arithmetic of <see cref="OnCallRotation"/>. The layers are validated when written, so
/// reading them cannot fail on a value the API accepted.
/// </summary>
public static class OnCallSchedules
{
    public static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public static DateTimeZone Zone(ScheduleRow row) => LocalTimes.Zone(row.TimeZone);

    public static List<OnCallLayer> Layers(ScheduleRow row) => ProtoJson.Parse<OnCallLayer>(row.LayersJson);

    public static RotationLayer ToDomain(OnCallLayer layer) => new(
        layer.Name,
        [.. layer.ParticipantIds.Select(Guid.Parse)],
        layer.RotationHours,
        TimePattern.Parse(layer.HandoffTime).Value,
        DatePattern.Parse(layer.StartDate).Value,
        [.. layer.Restrictions.Select(ToDomain)]);

    public static DutyWindow ToDomain(OnCallRestriction restriction) => new(
        Day(restriction.StartDay), TimePattern.Parse(restriction.StartTime).Value, Day(restriction.EndDay), TimePattern.Parse(restriction.EndTime).Value);

    public static IsoDayOfWeek? Day(Weekday day) => day == Weekday.Unspecified ? null : (IsoDayOfWeek)(int)day;

    public static DutyOverride ToDomain(OverrideRow row) => new(
        row.OverrideId, row.PersonId, Instant.FromDateTimeOffset(row.StartsAt), Instant.FromDateTimeOffset(row.EndsAt), Instant.FromDateTimeOffset(row.CreatedAt));

    /// <summary>The schedule's rotation with the overrides that count and overlap [from, to).</summary>
    public static async Task<OnCallRotation> RotationAsync(DbConnection connection, DbTransaction? transaction, ScheduleRow row, Instant from, Instant to)
    {
        var overrides = await OnCallStore.OverridesAsync(connection, transaction, row.ScheduleId, from.ToDateTimeOffset(), to.ToDateTimeOffset());
        return new OnCallRotation(Zone(row), [.. Layers(row).Select(ToDomain)], [.. overrides.Select(ToDomain)]);
    }

    /// <summary>Who is on duty in the schedule at <paramref name="at"/>; null when nobody is.</summary>
    public static async Task<Guid?> OnCallAtAsync(DbConnection connection, DbTransaction? transaction, ScheduleRow row, Instant at)
    {
        var rotation = await RotationAsync(connection, transaction, row, at, at + Duration.Epsilon);
        return rotation.PersonAt(at);
    }
}
