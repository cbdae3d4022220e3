namespace SupportPlatform.BuildingBlocks.Data;

/// <summary>A row of <c>business_calendars</c>: the latest contract calendar of an organisation.</summary>
public sealed class CalendarRow
{
    public Guid OrganizationId { get; set; }
    public long ContractVersion { get; set; }
    public string TimeZone { get; set; } = "";
    public string CalendarJson { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; }
}
