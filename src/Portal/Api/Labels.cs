using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.V1;

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

    public static string Of(CauseAttribution cause) => cause switch
    {
        CauseAttribution.VendorComponent => "A vendor component",
        CauseAttribution.CustomerInfrastructure => "The customer's infrastructure",
        CauseAttribution.Sbc => "The SBC",
        CauseAttribution.SipTrunk => "The SIP trunk",
        CauseAttribution.MicrosoftTenant => "The Microsoft tenant",
        CauseAttribution.OtherThirdParty => "Another third party",
        CauseAttribution.Unknown => "Unknown",
        _ => "Not given",
    };

    public static string Of(RcaState state) => state switch
    {
        RcaState.Required => "Required",
        RcaState.InAnalysis => "In analysis",
        RcaState.InReview => "In review",
        RcaState.Published => "Published",
        RcaState.Merged => "Merged",
        _ => "",
    };

    public static string Of(Party party) => party switch
    {
        Party.Vendor => "Vendor",
        Party.Customer => "Customer",
        Party.EndUsers => "End-users",
        Party.System => "Platform",
        _ => "",
    };

    public static string Of(ActionType type) => type switch
    {
        ActionType.Corrective => "Corrective",
        ActionType.Preventive => "Preventive",
        ActionType.Detective => "Detective",
        _ => "",
    };

    public static string Of(ActionStatus status) => status switch
    {
        ActionStatus.Open => "Open",
        ActionStatus.InProgress => "In progress",
        ActionStatus.Done => "Done",
        ActionStatus.Cancelled => "Cancelled",
        _ => "",
    };

    /// <summary>
    /// A history entry in words: the action, then each field it set and its text
    /// ("Resolved: In progress → Resolved; resolution Restarted the SBC; cause VENDOR_COMPONENT").
    /// </summary>
    public static string Describe(string action, IEnumerable<FieldChange> changes, string text)
    {
        var parts = changes.Select(Describe).Where(part => part.Length > 0).ToList();
        if (text.Length > 0)
        {
            parts.Add(text);
        }
        return parts.Count == 0 ? Humanize(action) : $"{Humanize(action)}: {string.Join("; ", parts)}";
    }

    private static string Describe(FieldChange change) => change switch
    {
        { Field: "status", OldValue.Length: 0 } => "",
        { Field: "status" } => $"{Humanize(change.OldValue)} → {Humanize(change.NewValue)}",
        { OldValue.Length: > 0 } => $"{Humanize(change.Field)} {change.OldValue} → {change.NewValue}",
        _ => $"{Humanize(change.Field)} {change.NewValue}",
    };

    /// <summary>A closed-set name as words: "customer_info_requested" → "Customer info requested".</summary>
    public static string Humanize(string name) =>
        name.Length == 0 ? "" : char.ToUpperInvariant(name[0]) + name[1..].Replace('_', ' ').ToLowerInvariant();

    /// <summary>The statuses in which the vendor still works a case.</summary>
    public static readonly CaseStatus[] Open = [CaseStatus.Submitted, CaseStatus.Acknowledged, CaseStatus.InProgress, CaseStatus.AwaitingCustomer];

    /// <summary>A moment in the viewer's terms: ISO date and time with the zone's offset.</summary>
    public static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at, string timeZone) =>
        at is null ? "" : NodaTime.Instant.FromDateTimeOffset(at.ToDateTimeOffset())
            .InZone(SupportPlatform.BuildingBlocks.Domain.LocalTimes.Zone(timeZone)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
