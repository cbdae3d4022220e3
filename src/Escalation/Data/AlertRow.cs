namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>sla_alerts</c>: a warning or breach decided once, raised or dropped.</summary>
public sealed class AlertRow
{
    public Guid CaseId { get; set; }
    public string Target { get; set; } = "";
    public int Cycle { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset DecidedAt { get; set; }
    public bool Raised { get; set; }
}
