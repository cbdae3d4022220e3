namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>case_escalations</c>.</summary>
public sealed class EscalationRow
{
    public Guid EscalationId { get; set; }
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Kind { get; set; } = "";
    public string FromLevel { get; set; } = "";
    public string ToLevel { get; set; } = "";
    public string TriggerKind { get; set; } = "";
    public Guid? ActorId { get; set; }
    public string Reason { get; set; } = "";
    public string? BreachedTarget { get; set; }
    public DateTimeOffset EscalatedAt { get; set; }
}
