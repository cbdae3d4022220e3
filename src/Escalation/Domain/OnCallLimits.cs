using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>The bounds of schedules, gap queries and escalation steps.</summary>
public static class OnCallLimits
{
    /// <summary>The longest turn: a leap year of hours.</summary>
    public const int MaxRotationHours = 8784;

    /// <summary>How far ahead a schedule's next gap is looked for (and reported by GetSchedule / ListSchedules).</summary>
    public static readonly Duration GapLookahead = Duration.FromDays(7);

    /// <summary>The longest interval ListScheduleGaps answers for.</summary>
    public static readonly Duration MaxGapQuery = Duration.FromDays(31);

    /// <summary>The longest override.</summary>
    public static readonly Duration MaxOverride = Duration.FromDays(366);

    /// <summary>How far from now an instant asked about may be.</summary>
    public static readonly Duration MaxDistanceFromNow = Duration.FromDays(36525);

    /// <summary>The most overrides a schedule may have that have not ended yet.</summary>
    public const int MaxOpenOverrides = 100;

    /// <summary>The shortest acknowledgement timeout of an escalation step.</summary>
    public static readonly Duration MinAckTimeout = Duration.FromMinutes(1);

    /// <summary>The longest acknowledgement timeout of an escalation step.</summary>
    public static readonly Duration MaxAckTimeout = Duration.FromHours(24);

    /// <summary>The first year a layer may start in.</summary>
    public const int MinYear = 1900;

    /// <summary>The last year a layer may start in.</summary>
    public const int MaxYear = 2199;
}
