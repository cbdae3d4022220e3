namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>case_escalations</c>: an escalation of a case, as CaseEscalated reported it.</summary>
public sealed class CaseEscalationRow
{
    public Guid EscalationId { get; set; }
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Kind { get; set; } = "";
    public string FromLevel { get; set; } = "";
    public string ToLevel { get; set; } = "";
    public string TriggerKind { get; set; } = "";
    public string? BreachedTarget { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}
