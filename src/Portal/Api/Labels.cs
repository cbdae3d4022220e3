using SupportPlatform.Cases.V1;

namespace SupportPlatform.Portal.Api;

/// <summary>How the portal names the cases' closed sets.</summary>
public static class Labels
{
    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.Submitted => "Submitted",
        CaseStatus.Acknowledged => "Acknowledged",
        CaseStatus.InProgress => "In progress",
        CaseStatus.AwaitingCustomer => "Awaiting customer",
        CaseStatus.Resolved => "Resolved",
        CaseStatus.Closed => "Closed",
        CaseStatus.ReturnedToCustomer => "Returned to customer",
        CaseStatus.Withdrawn => "Withdrawn",
        _ => "",
    };

    public static string Of(CaseType type) => type switch
    {
        CaseType.Incident => "Incident",
        CaseType.ServiceRequest => "Service request",
        CaseType.ChangeRequest => "Change request",
        CaseType.Question => "Question",
        _ => "",
    };

    public static string Of(Priority priority) => priority == Priority.Unspecified ? "" : priority.ToString();

    public static string Of(Deployment deployment) => deployment switch
    {
        Deployment.Cloud => "Cloud",
        Deployment.OnPremises => "On premises",
        _ => "",
    };

    public static string Of(SupportTier tier) => tier switch
    {
        SupportTier.L2 => "L2",
        SupportTier.L3 => "L3",
        _ => "",
    };

    /// <summary>The statuses in which the vendor still works a case.</summary>
    public static readonly CaseStatus[] Open = [CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer];

    /// <summary>A moment in the viewer's terms: ISO date and time with the zone's offset.</summary>
    public static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at, string timeZone) =>
        at is null ? "" : NodaTime.Instant.FromDateTimeOffset(at.ToDateTimeOffset())
            .InZone(SupportPlatform.BuildingBlocks.Domain.LocalTimes.Zone(timeZone)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
