namespace SupportPlatform.Escalation.Application;

/// <summary>Settings of the SLA timers (section <c>SlaTimers</c>).</summary>
public sealed class SlaTimerOptions
{
    /// <summary>How often a pass looks for due timers: the most a warning or breach is late.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a replica holds the timer lease; another takes over this long after it stops renewing. A pass works for at most half of it, so the next pass renews it in time.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clocks evaluated per query of a pass.</summary>
    public int BatchSize { get; set; } = 500;
}
