namespace SupportPlatform.Escalation.Application;

/// <summary>Settings of case escalation (section <c>Escalation</c>).</summary>
public sealed class EscalationOptions
{
    /// <summary>A customer may escalate one case at most once per this period.</summary>
    public TimeSpan CustomerPeriod { get; set; } = TimeSpan.FromHours(24);
}
