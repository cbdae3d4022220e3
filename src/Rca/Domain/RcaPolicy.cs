using NodaTime;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.Contracts.Events;

namespace SupportPlatform.Rca.Domain;

/// <summary>Which cases require a root cause analysis, whose it is, and when it is due. Pure: no I/O.</summary>
public static class RcaPolicy
{
    public const string VendorComponent = "VENDOR_COMPONENT";
    public const string Unknown = "UNKNOWN";

    /// <summary>Every resolved P1 incident requires an RCA (docs/design.md, "Root cause analysis").</summary>
    public static bool IsRequired(CaseSnapshot snapshot) => IsRequired(snapshot.Type, snapshot.Priority);

    /// <summary>A P1 incident requires one once it is resolved.</summary>
    public static bool IsRequired(string type, string priority) => type == "INCIDENT" && priority == "P1";

    /// <summary>
    /// The matrix task that decides ownership: a malfunction of a vendor component is the vendor's
    /// RCA ("caused by Anywhere365"), and so is a cause not found yet — the vendor stays
    /// accountable for finding it out; every other cause (customer infrastructure, SBC, SIP trunk,
    /// Microsoft tenant, other third parties) is "other causes".
    /// </summary>
    public static string OwnershipTask(string? cause) =>
        cause is VendorComponent or Unknown or null ? MatrixTasks.RcaVendorCaused : MatrixTasks.RcaOtherCauses;

    /// <summary>
    /// When an RCA created at <paramref name="createdAt"/> is due: the plan's number of business
    /// days, counted in the customer's business calendar (<paramref name="schedule"/>).
    /// </summary>
    public static DateTimeOffset DueAt(BusinessSchedule schedule, DateTimeOffset createdAt, string plan, IReadOnlyDictionary<string, int> dueBusinessDays)
    {
        var days = dueBusinessDays.TryGetValue(plan, out var given) ? given : dueBusinessDays.Values.Max();
        return schedule.AddBusinessDays(Instant.FromDateTimeOffset(createdAt), days).ToDateTimeOffset();
    }
}
