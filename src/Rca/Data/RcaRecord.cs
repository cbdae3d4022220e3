namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rcas</c>.</summary>
public sealed class RcaRecord
{
    public long Seq { get; set; }
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    /// <summary>The case that created it.</summary>
    public Guid CaseId { get; set; }
    public string State { get; set; } = "";
    public string OwnerParty { get; set; } = "";
    public string ReviewerParty { get; set; } = "";
    public string? Cause { get; set; }
    public string? CauseJustification { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public long Version { get; set; } = 1;
    public string Title { get; set; } = "";
    public string SupportPlan { get; set; } = "STANDARD";
    /// <summary>support.rca.v1.RcaAnalysis as proto JSON.</summary>
    public string Analysis { get; set; } = "{}";
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ChangesRequested { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public DateTimeOffset? OverdueRaisedAt { get; set; }
    public Guid? MergedInto { get; set; }
}
