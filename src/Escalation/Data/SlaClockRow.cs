namespace SupportPlatform.Escalation.Data;

/// <summary>
/// A row of <c>sla_clocks</c>: what a case's clock is computed under, and the results of its last
/// evaluation kept for lists, filters and timers (<c>next_check_at</c>).
/// </summary>
public sealed class SlaClockRow
{
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Plan { get; set; } = "";
    public string Priority { get; set; } = "";
    public int PolicyVersion { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public long CaseVersion { get; set; }
    public string Standing { get; set; } = "";
    public DateTimeOffset? ResponseDueAt { get; set; }
    public DateTimeOffset? UpdateDueAt { get; set; }
    public DateTimeOffset? ResolutionDueAt { get; set; }
    public DateTimeOffset? NextDueAt { get; set; }
    public DateTimeOffset? NextCheckAt { get; set; }
    public DateTimeOffset? EvaluatedAt { get; set; }
    public DateTimeOffset? RecomputedAt { get; set; }
    public string? RecomputeReason { get; set; }
}
