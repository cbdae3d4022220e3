using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>All targets of one case's clock at one instant (<paramref name="EvaluatedAt"/>).</summary>
public sealed record CaseClock(IReadOnlyList<TargetClock> Targets, Instant EvaluatedAt)
{
    public TargetClock? Find(SlaTargetKind kind) => Targets.FirstOrDefault(target => target.Kind == kind);

    /// <summary>The earliest due time of the open targets (an overdue one included); null when none has one.</summary>
    public Instant? NextDueAt => Targets
        .Where(target => target.Open && target.DueAt is not null)
        .Select(target => target.DueAt)
        .Min();

    /// <summary>How the case stands overall: breached beats at risk beats on track; done when no target is open.</summary>
    public ClockStanding Standing =>
        Targets.Any(target => target.State == TargetState.Breached || target.BreachedCycles > 0) ? ClockStanding.Breached
        : Targets.Any(target => target.Open && target.WarningAt is { } warning && warning <= EvaluatedAt) ? ClockStanding.AtRisk
        : Targets.Any(target => target.Open) ? ClockStanding.OnTrack
        : ClockStanding.Done;
}
