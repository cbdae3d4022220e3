using NodaTime;
using SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Escalation.Data;

/// <summary>A row of <c>sla_policies</c>.</summary>
public sealed class SlaPolicyRow
{
    public string Plan { get; set; } = "";
    public string Priority { get; set; } = "";
    public int Version { get; set; }
    public long ResponseSeconds { get; set; }
    public long? UpdateSeconds { get; set; }
    public long ResolutionSeconds { get; set; }
    public int WarningPercent { get; set; }
    public string Coverage { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public Guid? CreatedBy { get; set; }

    public SlaPolicy ToPolicy() => new(Plan, Priority, Version, Duration.FromSeconds(ResponseSeconds),
        UpdateSeconds is { } update ? Duration.FromSeconds(update) : null, Duration.FromSeconds(ResolutionSeconds), WarningPercent,
        Coverage == CoverageNames.AroundTheClock ? ClockCoverage.AroundTheClock : ClockCoverage.BusinessHours);
}
