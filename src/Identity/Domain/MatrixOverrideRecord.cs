namespace SupportPlatform.Identity.Domain;

/// <summary>A row of <c>rasci_overrides</c>: one version of one organisation's matrix.</summary>
public sealed class MatrixOverrideRecord
{
    public Guid OrganizationId { get; set; }
    public long Version { get; set; }
    public string TaskId { get; set; } = "";
    public string Party { get; set; } = "";
    public string PreviousLetters { get; set; } = "";
    public string Letters { get; set; } = "";
    public Guid ChangedBy { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string Reason { get; set; } = "";
}
