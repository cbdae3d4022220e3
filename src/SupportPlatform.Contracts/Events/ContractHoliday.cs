namespace SupportPlatform.Contracts.Events;

/// <summary>A day without business hours.</summary>
/// <param name="Date">"yyyy-MM-dd", local to the contract's time zone.</param>
/// <param name="Yearly">True: the same month and day every year from <paramref name="Date"/>'s year on.</param>
public sealed record ContractHoliday(string Date, string Name, bool Yearly);
