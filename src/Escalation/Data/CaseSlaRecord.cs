namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>case_slas</c>.</summary>
public sealed class CaseSlaRecord
{
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Plan { get; set; } = "";
    public string Priority { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public long ResponseTargetSeconds { get; set; }
    public long ResolutionTargetSeconds { get; set; }
    public DateTimeOffset ResponseDueAt { get; set; }
    public DateTimeOffset ResolutionDueAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public long CaseVersion { get; set; }
}
