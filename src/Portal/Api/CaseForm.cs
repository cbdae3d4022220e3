using Google.Protobuf.WellKnownTypes;
using NodaTime;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;

namespace SupportPlatform.Portal.Api;

/// <summary>
/// The submission form: every field of the submission guidelines, keyed by the field paths the
/// case service names in its violations (<c>details.title</c>, …). The live checks catch what can
/// be seen while typing (empty, too short, too long); the service decides.
/// </summary>
public sealed class CaseForm
{
    /// <summary>Every field of the form, by the path the service names it.</summary>
    public static readonly IReadOnlySet<string> Fields = new HashSet<string>(StringComparer.Ordinal)
    {
        "details.title", "details.description", "details.type", "details.priority", "details.deployment",
        "details.affected_component", "details.product_version", "details.started_at", "details.steps_to_reproduce",
        "details.expected_behavior", "details.actual_behavior", "details.affected_users", "details.l1_checks_performed",
        "details.business_impact", "details.attested_vendor_attributable",
    };

    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public CaseType Type { get; set; } = CaseType.Incident;
    public Priority Priority { get; set; } = Priority.P3;
    public Deployment Deployment { get; set; }
    public string AffectedComponent { get; set; } = "";
    public string ProductVersion { get; set; } = "";

    /// <summary>When the problem started, in the organisation's time zone.</summary>
    public DateTime? StartedAt { get; set; }
    public string StepsToReproduce { get; set; } = "";
    public string ExpectedBehavior { get; set; } = "";
    public string ActualBehavior { get; set; } = "";
    public int AffectedUsers { get; set; }
    public string L1ChecksPerformed { get; set; } = "";
    public string BusinessImpact { get; set; } = "";
    public bool Attested { get; set; }

    /// <summary>What a field's live check finds, by field path; empty when it looks right.</summary>
    public IEnumerable<string> Check(string field) => field switch
    {
        "details.title" => Length(Title, 5, 200),
        "details.description" => Length(Description, 20, 20000),
        "details.affected_component" => Length(AffectedComponent, 1, 200),
        "details.product_version" => Length(ProductVersion, 1, 50),
        "details.steps_to_reproduce" => Length(StepsToReproduce, 1, 20000),
        "details.expected_behavior" => Length(ExpectedBehavior, 1, 20000),
        "details.actual_behavior" => Length(ActualBehavior, 1, 20000),
        "details.l1_checks_performed" => Length(L1ChecksPerformed, 1, 20000),
        "details.business_impact" when Priority is Priority.P1 or Priority.P2 => Length(BusinessImpact, 1, 20000),
        "details.affected_users" when AffectedUsers < 1 => ["must be at least 1"],
        "details.started_at" when StartedAt is null => ["is required"],
        "details.attested_vendor_attributable" when !Attested => ["must be confirmed: L1 found the issue highly likely attributable to the vendor"],
        _ => [],
    };

    /// <summary>The form filled with a case's details (to amend a returned case).</summary>
    public static CaseForm From(CaseDetails details, string timeZone)
    {
        return new CaseForm
        {
            Title = details.Title, Description = details.Description, Type = details.Type, Priority = details.Priority, Deployment = details.Deployment,
            AffectedComponent = details.AffectedComponent, ProductVersion = details.ProductVersion,
            StartedAt = details.StartedAt is { } started ? LocalMinute(started.ToDateTimeOffset(), timeZone) : null,
            StepsToReproduce = details.StepsToReproduce, ExpectedBehavior = details.ExpectedBehavior, ActualBehavior = details.ActualBehavior,
            AffectedUsers = details.AffectedUsers, L1ChecksPerformed = details.L1ChecksPerformed, BusinessImpact = details.BusinessImpact,
            Attested = details.AttestedVendorAttributable,
        };
    }

    /// <summary>A moment as the form's date-time field shows it: local time in the zone, to the minute.</summary>
    public static DateTime LocalMinute(DateTimeOffset at, string timeZone)
    {
        var local = Instant.FromDateTimeOffset(at).InZone(LocalTimes.Zone(timeZone)).LocalDateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
    }

    public CaseDetails ToDetails(string timeZone) => new()
    {
        Title = Title.Trim(),
        Description = Description.Trim(),
        Type = Type,
        Priority = Priority,
        Deployment = Deployment,
        AffectedComponent = AffectedComponent.Trim(),
        ProductVersion = ProductVersion.Trim(),
        StartedAt = StartedAt is { } local
            ? Timestamp.FromDateTimeOffset(LocalDateTime.FromDateTime(local).InZoneLeniently(LocalTimes.Zone(timeZone)).ToDateTimeOffset())
            : null,
        StepsToReproduce = StepsToReproduce.Trim(),
        ExpectedBehavior = ExpectedBehavior.Trim(),
        ActualBehavior = ActualBehavior.Trim(),
        AffectedUsers = AffectedUsers,
        L1ChecksPerformed = L1ChecksPerformed.Trim(),
        BusinessImpact = BusinessImpact.Trim(),
        AttestedVendorAttributable = Attested,
    };

    // The case service's own wording (Violations.RequireText), so a live check and the service's
    // answer read the same.
    private static IEnumerable<string> Length(string value, int min, int max)
    {
        var length = value.Trim().Length;
        if (length == 0)
        {
            return ["is required"];
        }
        return length < min || length > max ? [$"must be {min}-{max} characters"] : [];
    }
}
