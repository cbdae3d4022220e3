namespace SupportPlatform.Escalation.Domain;

/// <summary>Clock holders as case events and the store name them.</summary>
public static class Holders
{
    public static string Name(ClockHolder holder) => holder switch
    {
        ClockHolder.Vendor => "VENDOR",
        ClockHolder.Customer => "CUSTOMER",
        ClockHolder.ThirdParty => "THIRD_PARTY",
        _ => "NONE",
    };

    public static ClockHolder Parse(string name) => name switch
    {
        "VENDOR" => ClockHolder.Vendor,
        "CUSTOMER" => ClockHolder.Customer,
        "THIRD_PARTY" => ClockHolder.ThirdParty,
        "NONE" => ClockHolder.None,
        _ => throw new ArgumentException($"Unknown clock holder '{name}'.", nameof(name)),
    };

    /// <summary>
    /// The holder a case event states; for events written before they stated one, the holder its
    /// state implies (a pending access request or a third-party wait cannot be seen then).
    /// </summary>
    public static ClockHolder Of(string? stated, string status) => stated is not null ? Parse(stated) : status switch
    {
        "AWAITING_CUSTOMER" or "RETURNED_TO_CUSTOMER" => ClockHolder.Customer,
        "RESOLVED" or "CLOSED" or "WITHDRAWN" => ClockHolder.None,
        _ => ClockHolder.Vendor,
    };
}
