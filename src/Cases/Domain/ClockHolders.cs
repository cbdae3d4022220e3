using SupportPlatform.Cases.V1;

namespace SupportPlatform.Cases.Domain;

/// <summary>
/// Whose move a case is, and so whose time its SLA clock counts (docs/design.md, "SLAs and
/// escalation": the clock pauses while the case waits on the customer, and time is attributed to
/// the party that held the case). Decided from the stored case state alone, so that every event
/// of the case carries the same answer for the same state.
/// </summary>
public static class ClockHolders
{
    public const string Vendor = "VENDOR";
    public const string Customer = "CUSTOMER";
    public const string ThirdParty = "THIRD_PARTY";
    public const string None = "NONE";

    /// <summary>
    /// NONE once the case is resolved, closed or withdrawn (no clock runs); CUSTOMER while it
    /// awaits the customer, is returned to it, or a system-access request waits for its decision;
    /// THIRD_PARTY while the vendor recorded a wait on <paramref name="thirdParty"/> and the case
    /// is otherwise the vendor's; VENDOR otherwise.
    /// </summary>
    /// <param name="accessRequestPending">A system-access request of the case is REQUESTED.</param>
    /// <param name="thirdParty">The third party the vendor recorded the case waits on; null for none.</param>
    public static string Of(CaseStatus status, bool accessRequestPending, string? thirdParty) => status switch
    {
        CaseStatus.Resolved or CaseStatus.Closed or CaseStatus.Withdrawn => None,
        CaseStatus.AwaitingCustomer or CaseStatus.ReturnedToCustomer => Customer,
        _ when accessRequestPending => Customer,
        _ when thirdParty is not null => ThirdParty,
        _ => Vendor,
    };
}
