using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// Version 1 of every policy (docs/design.md, "SLAs and escalation"): Premium Plus P1 around the
/// clock, everything else in business hours, where a day of target is 8 business hours. Warnings
/// at 75 %.
/// </summary>
public static class SlaPolicyDefaults
{
    public const int WarningPercent = 75;

    public static readonly IReadOnlyList<string> Plans = ["STANDARD", "PREMIUM", "PREMIUM_PLUS"];

    public static readonly IReadOnlyList<string> Priorities = ["P1", "P2", "P3", "P4"];

    private static readonly Duration Day = Duration.FromHours(8);

    public static IReadOnlyList<SlaPolicy> All { get; } =
    [
        new("PREMIUM_PLUS", "P1", 1, Duration.FromMinutes(30), Duration.FromHours(1), Duration.FromHours(4), WarningPercent, ClockCoverage.AroundTheClock),
        new("PREMIUM_PLUS", "P2", 1, Duration.FromHours(2), Duration.FromHours(4), Day, WarningPercent, ClockCoverage.BusinessHours),
        new("PREMIUM_PLUS", "P3", 1, Duration.FromHours(8), Day * 2, Day * 5, WarningPercent, ClockCoverage.BusinessHours),
        new("PREMIUM_PLUS", "P4", 1, Day * 2, Day * 5, Day * 10, WarningPercent, ClockCoverage.BusinessHours),
        new("PREMIUM", "P1", 1, Duration.FromHours(1), Duration.FromHours(2), Duration.FromHours(8), WarningPercent, ClockCoverage.BusinessHours),
        new("PREMIUM", "P2", 1, Duration.FromHours(4), Duration.FromHours(4), Day * 2, WarningPercent, ClockCoverage.BusinessHours),
        new("PREMIUM", "P3", 1, Day, Day * 2, Day * 5, WarningPercent, ClockCoverage.BusinessHours),
        new("PREMIUM", "P4", 1, Day * 2, Day * 5, Day * 10, WarningPercent, ClockCoverage.BusinessHours),
        new("STANDARD", "P1", 1, Duration.FromHours(2), Duration.FromHours(4), Day, WarningPercent, ClockCoverage.BusinessHours),
        new("STANDARD", "P2", 1, Duration.FromHours(8), Day, Day * 3, WarningPercent, ClockCoverage.BusinessHours),
        new("STANDARD", "P3", 1, Day * 2, Day * 5, Day * 10, WarningPercent, ClockCoverage.BusinessHours),
        new("STANDARD", "P4", 1, Day * 3, Day * 5, Day * 20, WarningPercent, ClockCoverage.BusinessHours),
    ];

    public static SlaPolicy For(string plan, string priority) =>
        All.FirstOrDefault(policy => policy.Plan == plan && policy.Priority == priority)
            ?? throw new ArgumentException($"No SLA policy for plan '{plan}' and priority '{priority}'.");
}
