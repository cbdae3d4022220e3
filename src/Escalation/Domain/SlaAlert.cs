using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>A warning or breach of one target (and update cycle) of a case, due at <paramref name="At"/>.</summary>
public sealed record SlaAlert(SlaTargetKind Target, int Cycle, AlertKind Kind, Instant At)
{
    /// <summary>What makes it unique per case: each is raised at most once.</summary>
    public (SlaTargetKind Target, int Cycle, AlertKind Kind) Key => (Target, Cycle, Kind);
}
