namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>hotline_calls</c>.</summary>
public sealed class HotlineCallRow
{
    public Guid CallId { get; set; }
    public Guid CaseId { get; set; }
    public Guid OrganizationId { get; set; }
    public string CallerName { get; set; } = "";
    public string? CallerPhone { get; set; }
    public DateTimeOffset CalledAt { get; set; }
    public Guid EngineerId { get; set; }
    public string? Notes { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
