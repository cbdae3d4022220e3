namespace SupportPlatform.Escalation.Domain;

/// <summary>The targets of one plan × priority.</summary>
public sealed record SlaTargets(TimeSpan Response, TimeSpan Resolution, bool AroundTheClock);
