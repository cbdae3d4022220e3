namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rcas</c>.</summary>
public sealed class RcaRecord
{
    public long Seq { get; set; }
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid CaseId { get; set; }
    public string State { get; set; } = "";
    public string OwnerParty { get; set; } = "";
    public string? Cause { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
}
