namespace SupportPlatform.Escalation.Domain;

/// <summary>Where a page is in its escalation policy.</summary>
/// <param name="Step">The step, from 1.</param>
/// <param name="Attempt">The pass through the steps, from 1 (2 is the first repeat).</param>
public readonly record struct PagePosition(int Step, int Attempt);
