namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>on_call_overrides</c>.</summary>
public sealed class OverrideRow
{
    public Guid OverrideId { get; set; }
    public Guid ScheduleId { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
    public Guid? RemovedBy { get; set; }
}
