namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rca_timeline</c>.</summary>
public sealed class TimelineRow
{
    public Guid Id { get; set; }
    public Guid RcaId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Description { get; set; } = "";
    /// <summary>CASE_HISTORY or AUTHOR.</summary>
    public string Source { get; set; } = "";
    public Guid? CaseId { get; set; }
    /// <summary>For entries from a case's history: what they come from, once per RCA.</summary>
    public string? SourceKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
