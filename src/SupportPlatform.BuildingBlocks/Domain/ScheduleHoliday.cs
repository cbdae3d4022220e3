using NodaTime;

namespace SupportPlatform.BuildingBlocks.Domain;

/// <summary>
/// A day without business hours: once (<paramref name="Yearly"/> false), or on the same month and
/// day every year (a yearly 29 February falls only in leap years).
/// </summary>
public sealed record ScheduleHoliday(LocalDate Date, bool Yearly = false);
