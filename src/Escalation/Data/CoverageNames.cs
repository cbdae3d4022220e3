using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Data;

/// <summary>How coverage is stored and carried in events.</summary>
public static class CoverageNames
{
    public const string AroundTheClock = "AROUND_THE_CLOCK";
    public const string BusinessHours = "BUSINESS_HOURS";

    public static string Of(ClockCoverage coverage) => coverage == ClockCoverage.AroundTheClock ? AroundTheClock : BusinessHours;
}
