namespace SupportPlatform.Escalation.Domain;

/// <summary>
/// SLA defaults per plan × priority (docs/design.md, "SLAs and escalation"). Pure: no I/O.
/// <see cref="SlaTargets.AroundTheClock"/> says what the contract promises (Premium Plus P1s 24x7,
/// the rest business hours); at this stage every clock is computed 24x7.
/// </summary>
public static class SlaPolicy
{
    private static readonly Dictionary<(string Plan, string Priority), SlaTargets> Defaults = new()
    {
        [("PREMIUM_PLUS", "P1")] = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(4), true),
        [("PREMIUM_PLUS", "P2")] = new(TimeSpan.FromHours(2), TimeSpan.FromDays(1), false),
        [("PREMIUM_PLUS", "P3")] = new(TimeSpan.FromHours(8), TimeSpan.FromDays(5), false),
        [("PREMIUM_PLUS", "P4")] = new(TimeSpan.FromDays(2), TimeSpan.FromDays(10), false),
        [("PREMIUM", "P1")] = new(TimeSpan.FromHours(1), TimeSpan.FromHours(8), false),
        [("PREMIUM", "P2")] = new(TimeSpan.FromHours(4), TimeSpan.FromDays(2), false),
        [("PREMIUM", "P3")] = new(TimeSpan.FromDays(1), TimeSpan.FromDays(5), false),
        [("PREMIUM", "P4")] = new(TimeSpan.FromDays(2), TimeSpan.FromDays(10), false),
        [("STANDARD", "P1")] = new(TimeSpan.FromHours(2), TimeSpan.FromDays(1), false),
        [("STANDARD", "P2")] = new(TimeSpan.FromHours(8), TimeSpan.FromDays(3), false),
        [("STANDARD", "P3")] = new(TimeSpan.FromDays(2), TimeSpan.FromDays(10), false),
        [("STANDARD", "P4")] = new(TimeSpan.FromDays(3), TimeSpan.FromDays(20), false),
    };

    public static SlaTargets For(string plan, string priority) =>
        Defaults.TryGetValue((plan, priority), out var targets)
            ? targets
            : throw new ArgumentException($"No SLA policy for plan '{plan}' and priority '{priority}'.");

    /// <summary>Met when reached by the due time, breached when reached late or not reached by now.</summary>
    public static TargetStatus Evaluate(DateTimeOffset dueAt, DateTimeOffset? reachedAt, DateTimeOffset now) => reachedAt switch
    {
        { } reached when reached <= dueAt => TargetStatus.Met,
        { } => TargetStatus.Breached,
        null when now > dueAt => TargetStatus.Breached,
        _ => TargetStatus.Pending,
    };
}
