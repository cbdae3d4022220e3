namespace SupportPlatform.Contracts.Events;

/// <summary>
/// A customer's business calendar as the contract states it: working hours per weekday and days
/// without business hours, in the contract's time zone. A weekday without an entry has no business
/// hours.
/// </summary>
public sealed record ContractCalendar(IReadOnlyList<ContractWorkingHours> WorkingHours, IReadOnlyList<ContractHoliday> Holidays);
