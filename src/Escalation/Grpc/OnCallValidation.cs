using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.Common.V1;
using SupportPlatform.Escalation.Application;
using SupportPlatform.Escalation.Domain;
using SupportPlatform.Escalation.V1;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace SupportPlatform.Escalation.Grpc;

/// <summary>The field rules of schedules, overrides and escalation policies; every violation is named by its field path.</summary>
public static class OnCallValidation
{
    public static void Schedule(Violations violations, string name, string timeZone, RepeatedField<OnCallLayer> layers)
    {
        violations
            .RequireText(name, "name", 1, 200)
            .Require(timeZone.Length > 0 && LocalTimes.IsZone(timeZone), "time_zone",
                timeZone.Length == 0 ? "is required" : "must be an IANA time zone, e.g. Europe/Amsterdam");
        for (var index = 0; index < layers.Count; index++)
        {
            Layer(violations, layers[index], $"layers[{index}].");
        }
    }

    private static void Layer(Violations violations, OnCallLayer layer, string prefix)
    {
        violations
            .Require(layer.Name.Length <= 100, prefix + "name", "must be at most 100 characters")
            .Require(layer.ParticipantIds.Count > 0, prefix + "participant_ids", "needs at least one person")
            .Require(layer.RotationHours is >= 1 and <= OnCallLimits.MaxRotationHours, prefix + "rotation_hours",
                $"must be 1-{OnCallLimits.MaxRotationHours} (24 daily, 168 weekly)");
        for (var index = 0; index < layer.ParticipantIds.Count; index++)
        {
            violations.RequireId(layer.ParticipantIds[index], $"{prefix}participant_ids[{index}]", out _);
        }
        Time(violations, layer.HandoffTime, prefix + "handoff_time");
        var date = OnCallSchedules.DatePattern.Parse(layer.StartDate);
        violations.Require(date.Success && date.Value.Year is >= OnCallLimits.MinYear and <= OnCallLimits.MaxYear, prefix + "start_date",
            layer.StartDate.Length == 0 ? "is required" : $"must be a date YYYY-MM-DD in {OnCallLimits.MinYear}-{OnCallLimits.MaxYear}");
        for (var index = 0; index < layer.Restrictions.Count; index++)
        {
            var restriction = layer.Restrictions[index];
            var path = $"{prefix}restrictions[{index}]";
            var startDay = Day(violations, restriction.StartDay, path + ".start_day");
            var endDay = Day(violations, restriction.EndDay, path + ".end_day");
            var start = Time(violations, restriction.StartTime, path + ".start_time");
            var end = Time(violations, restriction.EndTime, path + ".end_time");
            if (startDay && endDay && start is not null && end is not null)
            {
                var window = OnCallSchedules.ToDomain(restriction);
                violations.Require(window.IsValid, path, window.StartDay is null == (window.EndDay is null)
                    ? "must not end when it starts"
                    : "needs both days (weekly) or neither (daily)");
            }
        }
    }

    private static bool Day(Violations violations, Weekday day, string field)
    {
        var known = day == Weekday.Unspecified || System.Enum.IsDefined(day);
        violations.Require(known, field, "must be a day of the week, or unset");
        return known;
    }

    private static LocalTime? Time(Violations violations, string text, string field)
    {
        var parsed = OnCallSchedules.TimePattern.Parse(text);
        violations.Require(parsed.Success, field, text.Length == 0 ? "is required" : "must be HH:mm, 00:00-23:59");
        return parsed.Success ? parsed.Value : null;
    }

    /// <summary>An escalation policy's fields; that its schedules exist is checked against the database afterwards.</summary>
    public static void Policy(Violations violations, string name, RepeatedField<EscalationStep> steps, int repeats)
    {
        violations
            .RequireText(name, "name", 1, 200)
            .Require(steps.Count > 0, "steps", "needs at least one step")
            .Require(repeats is >= 0 and <= EscalationPath.MaxRepeats, "repeats", $"must be 0-{EscalationPath.MaxRepeats}");
        for (var index = 0; index < steps.Count; index++)
        {
            var step = steps[index];
            var prefix = $"steps[{index}].";
            violations.Require(step.ScheduleIds.Count + step.PersonIds.Count > 0, prefix + "schedule_ids", "a step names at least one schedule or person");
            for (var item = 0; item < step.ScheduleIds.Count; item++)
            {
                violations.RequireId(step.ScheduleIds[item], $"{prefix}schedule_ids[{item}]", out _);
            }
            for (var item = 0; item < step.PersonIds.Count; item++)
            {
                violations.RequireId(step.PersonIds[item], $"{prefix}person_ids[{item}]", out _);
            }
            AckTimeout(violations, step.AckTimeout, prefix + "ack_timeout");
        }
    }

    private static void AckTimeout(Violations violations, Duration? value, string field)
    {
        if (value is null)
        {
            violations.Add(field, "is required");
            return;
        }
        var timeout = value.ToTimeSpan();
        violations.Require(value.Nanos == 0 && timeout >= OnCallLimits.MinAckTimeout.ToTimeSpan() && timeout <= OnCallLimits.MaxAckTimeout.ToTimeSpan(),
            field, "must be whole seconds, 1 minute to 24 hours");
    }

    /// <summary>An instant within <see cref="OnCallLimits.MaxDistanceFromNow"/> of now; null when absent (then <paramref name="required"/> decides) or out of range.</summary>
    public static Instant? Instant(Violations violations, Timestamp? value, string field, bool required, DateTimeOffset now)
    {
        if (value is null)
        {
            violations.Require(!required, field, "is required");
            return null;
        }
        var at = NodaTime.Instant.FromDateTimeOffset(value.ToDateTimeOffset());
        var near = NodaTime.Instant.FromDateTimeOffset(now);
        var valid = at >= near - OnCallLimits.MaxDistanceFromNow && at <= near + OnCallLimits.MaxDistanceFromNow;
        violations.Require(valid, field, "must be within 100 years of now");
        return valid ? at : null;
    }

    /// <summary>A normalised copy of the steps: ids in their canonical form.</summary>
    public static IEnumerable<EscalationStep> Normalise(IEnumerable<EscalationStep> steps) => steps.Select(step => new EscalationStep
    {
        ScheduleIds = { step.ScheduleIds.Select(id => Guid.Parse(id).ToString("D")) },
        PersonIds = { step.PersonIds.Select(id => Guid.Parse(id).ToString("D")) },
        AckTimeout = step.AckTimeout.Clone(),
    });

    /// <summary>A normalised copy of the layers: ids in their canonical form, names trimmed.</summary>
    public static IEnumerable<OnCallLayer> Normalise(IEnumerable<OnCallLayer> layers) => layers.Select(layer =>
    {
        var copy = layer.Clone();
        copy.Name = layer.Name.Trim();
        copy.ParticipantIds.Clear();
        copy.ParticipantIds.Add(layer.ParticipantIds.Select(id => Guid.Parse(id).ToString("D")));
        return copy;
    });
}
