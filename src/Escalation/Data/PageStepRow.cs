namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>page_steps</c>: one step paged; the people as a JSON array of ids.</summary>
public sealed class PageStepRow
{
    public Guid PageId { get; set; }
    public int Attempt { get; set; }
    public int Step { get; set; }
    public string PersonIds { get; set; } = "[]";
    public DateTimeOffset PagedAt { get; set; }
    public DateTimeOffset? EscalatesAt { get; set; }
}
