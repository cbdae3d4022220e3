namespace SupportPlatform.Identity.Domain;

/// <summary>A row of <c>training_records</c>.</summary>
public sealed class TrainingRecordRow
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public string Course { get; set; } = "";
    public DateTimeOffset CompletedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
