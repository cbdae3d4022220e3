namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rca_cases</c>: a case an RCA covers.</summary>
public sealed class RcaCaseRow
{
    public Guid CaseId { get; set; }
    public Guid RcaId { get; set; }
    public Guid OrganizationId { get; set; }
    public string Title { get; set; } = "";
    public Guid SubmitterId { get; set; }
    /// <summary>A resolved P1 incident: it needs an RCA of its own when unlinked.</summary>
    public bool RequiresRca { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public long Seq { get; set; }
}
