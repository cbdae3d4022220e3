namespace SupportPlatform.Rca.Data;

/// <summary>A row of <c>rca_history</c>.</summary>
public sealed class RcaHistoryRow
{
    public long Seq { get; set; }
    public Guid RcaId { get; set; }
    public long RcaVersion { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public Guid? ActorId { get; set; }
    public string ActorParty { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public bool Internal { get; set; }
}
