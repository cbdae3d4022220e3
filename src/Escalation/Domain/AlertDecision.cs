using NodaTime;

namespace SupportPlatform.Escalation.Domain;

/// <summary>What a timer pass does with a case's alerts, and when it must look again.</summary>
/// <param name="Raise">Due now: raise each once.</param>
/// <param name="Drop">Due, but no longer true (the target was reached, or its breach is raised instead): record, never raise.</param>
/// <param name="NextCheckAt">When the next alert falls due; null when none will without a new moment.</param>
public sealed record AlertDecision(IReadOnlyList<SlaAlert> Raise, IReadOnlyList<SlaAlert> Drop, Instant? NextCheckAt);
