namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>on_call_schedules</c>; the layers are the proto's JSON (a list of <c>OnCallLayer</c>).</summary>
public sealed class ScheduleRow
{
    public Guid ScheduleId { get; set; }
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "";
    public string LayersJson { get; set; } = "[]";
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }
}
