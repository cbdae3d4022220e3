namespace SupportPlatform.Contracts.Events;

/// <summary>A customer's support contract was registered or changed.</summary>
/// <param name="Plan">STANDARD, PREMIUM or PREMIUM_PLUS.</param>
/// <param name="Deployment">CLOUD or ON_PREMISES.</param>
/// <param name="ValidUntil">Null: open-ended.</param>
/// <param name="Calendar">Business hours and holidays in <paramref name="TimeZone"/>; null in events written before it was carried.</param>
public sealed record SupportContractChanged(
    Guid OrganizationId,
    long Version,
    string Plan,
    string Deployment,
    string? ProductVersion,
    string TimeZone,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    DateTimeOffset OccurredAt,
    ContractCalendar? Calendar = null);
