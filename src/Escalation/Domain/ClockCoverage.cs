namespace SupportPlatform.Escalation.Domain;

/// <summary>When a policy's clocks run.</summary>
public enum ClockCoverage
{
    /// <summary>In the customer's business hours (contract time zone, working hours, holidays).</summary>
    BusinessHours,
    /// <summary>Around the clock, every day.</summary>
    AroundTheClock,
}
