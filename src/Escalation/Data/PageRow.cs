namespace SupportPlatform.Escalation.Data;

/// <summary>
/// A row of <c>pages</c>: the case, the policy's steps as they were when the page started, where
/// the page is (<see cref="Step"/>, <see cref="Attempt"/>) and its timer (<see cref="NextDueAt"/>).
/// </summary>
public sealed class PageRow
{
    public Guid PageId { get; set; }
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public string TriggerKind { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Urgency { get; set; } = "";
    public Guid PolicyId { get; set; }
    public long PolicyVersion { get; set; }
    public string StepsJson { get; set; } = "[]";
    public int Repeats { get; set; }
    /// <summary>OPEN, ACKNOWLEDGED or EXHAUSTED.</summary>
    public string State { get; set; } = "";
    public int Step { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? NextDueAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public Guid? AcknowledgedBy { get; set; }
    public DateTimeOffset? ExhaustedAt { get; set; }
}
