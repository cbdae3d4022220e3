namespace SupportPlatform.Contracts.Events;

/// <summary>The working hours of one weekday, local to the contract's time zone.</summary>
/// <param name="Day">ISO weekday: 1 is Monday, 7 is Sunday.</param>
/// <param name="Start">"HH:mm", 24-hour clock.</param>
/// <param name="End">"HH:mm", after <paramref name="Start"/>; "00:00" or "24:00" means the end of the day.</param>
public sealed record ContractWorkingHours(int Day, string Start, string End);
