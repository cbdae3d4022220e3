namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>case_moments</c>.</summary>
public sealed class CaseMomentRow
{
    public Guid CaseId { get; set; }
    public long Version { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Status { get; set; } = "";
    public string Holder { get; set; } = "";
    public bool Responded { get; set; }
    public bool IsUpdate { get; set; }
}
