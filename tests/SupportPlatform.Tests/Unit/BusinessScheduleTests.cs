using SupportPlatform.BuildingBlocks.Domain;
using NodaTime;

namespace SupportPlatform.Tests.Unit;

/// <summary>Business-time arithmetic: zones, daylight saving, holidays, weekends, pauses and edges.</summary>
public sealed class BusinessScheduleTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly DateTimeZone Sydney = DateTimeZoneProviders.Tzdb["Australia/Sydney"];

    /// <summary>Monday to Friday, 09:00–17:00 local.</summary>
    private static BusinessSchedule OfficeHours(DateTimeZone zone, params ScheduleHoliday[] holidays) => new(zone,
        new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .Select(day => new WorkingPeriod(day, new LocalTime(9, 0), new LocalTime(17, 0))),
        holidays);

    private static Instant Local(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0) =>
        zone.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    private static Instant Utc(int year, int month, int day, int hour, int minute = 0) =>
        Instant.FromUtc(year, month, day, hour, minute);

    [Fact]
    public void SpringForward_InAmsterdam_KeepsNineOClockLocal_SoTheUtcDueTimeMovesAnHour()
    {
        var schedule = OfficeHours(Amsterdam);
        // Friday 27 March 2026 16:00 CET; the clocks go forward on Sunday 29 March.
        var opened = Local(Amsterdam, 2026, 3, 27, 16);

        var due = schedule.Add(opened, Duration.FromHours(2));

        Assert.Equal(Utc(2026, 3, 27, 15), opened);
        Assert.Equal(new LocalDateTime(2026, 3, 30, 10, 0), due.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(Utc(2026, 3, 30, 8), due);
        Assert.Equal(Duration.FromHours(2), schedule.Between(opened, due));
    }

    [Fact]
    public void FallBack_InAmsterdam_KeepsNineOClockLocal()
    {
        var schedule = OfficeHours(Amsterdam);
        // Friday 23 October 2026 16:00 CEST; the clocks go back on Sunday 25 October.
        var due = schedule.Add(Local(Amsterdam, 2026, 10, 23, 16), Duration.FromHours(2));

        Assert.Equal(Utc(2026, 10, 26, 9), due);
        Assert.Equal(new LocalDateTime(2026, 10, 26, 10, 0), due.InZone(Amsterdam).LocalDateTime);
    }

    [Fact]
    public void ADayContainingTheChange_HasTheHoursItReallyHas()
    {
        var sundays = new BusinessSchedule(Amsterdam, [new WorkingPeriod(IsoDayOfWeek.Sunday, LocalTime.Midnight, LocalTime.Midnight)]);

        Assert.Equal(Duration.FromHours(23), sundays.Between(Local(Amsterdam, 2026, 3, 29, 0), Local(Amsterdam, 2026, 3, 30, 0)));
        Assert.Equal(Duration.FromHours(25), sundays.Between(Local(Amsterdam, 2026, 10, 25, 0), Local(Amsterdam, 2026, 10, 26, 0)));
        // A period from 01:00 to 04:00 lasts two hours on the spring-forward day.
        var night = new BusinessSchedule(Amsterdam, [new WorkingPeriod(IsoDayOfWeek.Sunday, new LocalTime(1, 0), new LocalTime(4, 0))]);
        Assert.Equal(Duration.FromHours(2), night.Between(Local(Amsterdam, 2026, 3, 29, 0), Local(Amsterdam, 2026, 3, 30, 0)));
        Assert.Equal(Local(Amsterdam, 2026, 3, 29, 4), night.Add(Local(Amsterdam, 2026, 3, 28, 12), Duration.FromHours(2)));
    }

    [Fact]
    public void TwentyFourSeven_CountsPhysicalTime_AcrossTheChange()
    {
        var schedule = BusinessSchedule.TwentyFourSeven(Amsterdam);
        // Saturday 28 March 2026 23:00 CET, four hours: the night loses an hour of clock time.
        var due = schedule.Add(Local(Amsterdam, 2026, 3, 28, 23), Duration.FromHours(4));

        Assert.Equal(Utc(2026, 3, 29, 2), due);
        Assert.Equal(new LocalDateTime(2026, 3, 29, 4, 0), due.InZone(Amsterdam).LocalDateTime);
        Assert.True(schedule.IsOpen(Local(Amsterdam, 2026, 3, 29, 3, 30)));
    }

    [Fact]
    public void SouthernHemisphere_Sydney_BothChanges()
    {
        var schedule = OfficeHours(Sydney);
        // Daylight saving ends on Sunday 5 April 2026 (AEDT +11 -> AEST +10).
        var april = schedule.Add(Local(Sydney, 2026, 4, 3, 16), Duration.FromHours(2));
        // ... and starts on Sunday 4 October 2026 (AEST +10 -> AEDT +11).
        var october = schedule.Add(Local(Sydney, 2026, 10, 2, 16), Duration.FromHours(2));

        Assert.Equal(Utc(2026, 4, 6, 0), april);
        Assert.Equal(new LocalDateTime(2026, 4, 6, 10, 0), april.InZone(Sydney).LocalDateTime);
        Assert.Equal(Utc(2026, 10, 4, 23), october);
        Assert.Equal(new LocalDateTime(2026, 10, 5, 10, 0), october.InZone(Sydney).LocalDateTime);
    }

    [Fact]
    public void AHolidayOnAFridayBeforeAWeekend_IsSkippedWithTheWeekend()
    {
        var schedule = OfficeHours(Amsterdam, new ScheduleHoliday(new LocalDate(2026, 4, 3)));
        var opened = Local(Amsterdam, 2026, 4, 2, 16);

        var due = schedule.Add(opened, Duration.FromHours(2));

        Assert.Equal(new LocalDateTime(2026, 4, 6, 10, 0), due.InZone(Amsterdam).LocalDateTime);
        Assert.False(schedule.IsOpen(Local(Amsterdam, 2026, 4, 3, 11)));
        Assert.Equal(Duration.FromHours(2), schedule.Between(opened, due));
    }

    [Fact]
    public void ACaseOpenedAt2359OnAFriday_StartsCountingOnMondayMorning()
    {
        var schedule = OfficeHours(Amsterdam);
        var opened = Local(Amsterdam, 2026, 6, 5, 23, 59);

        var due = schedule.Add(opened, Duration.FromMinutes(30));

        Assert.Equal(new LocalDateTime(2026, 6, 8, 9, 30), due.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(Duration.FromMinutes(30), schedule.Between(opened, due));
        Assert.False(schedule.IsOpen(opened));
    }

    [Fact]
    public void APauseThatSpansAWeekend_CountsNeitherThePauseNorTheWeekend()
    {
        var schedule = OfficeHours(Amsterdam);
        // Running Friday 15:00–16:00, waiting on the customer until Tuesday 10:00, then running.
        var elapsed = schedule.Between(Local(Amsterdam, 2026, 6, 5, 15), Local(Amsterdam, 2026, 6, 5, 16));

        var due = schedule.Add(Local(Amsterdam, 2026, 6, 9, 10), Duration.FromHours(8) - elapsed);

        Assert.Equal(Duration.FromHours(1), elapsed);
        Assert.Equal(new LocalDateTime(2026, 6, 9, 17, 0), due.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(Duration.Zero, schedule.Between(Local(Amsterdam, 2026, 6, 5, 17), Local(Amsterdam, 2026, 6, 8, 9)));
    }

    [Fact]
    public void ATargetUsedUpAtADaysEnd_FallsDueAtThatEnd_NotAtTheNextOpening()
    {
        var schedule = OfficeHours(Amsterdam);

        Assert.Equal(Local(Amsterdam, 2026, 6, 8, 17), schedule.Add(Local(Amsterdam, 2026, 6, 8, 9), Duration.FromHours(8)));
        Assert.Equal(Local(Amsterdam, 2026, 6, 8, 17), schedule.Add(Local(Amsterdam, 2026, 6, 8, 16), Duration.FromHours(1)));
        // Nothing left to count: due at once, even outside business hours.
        Assert.Equal(Local(Amsterdam, 2026, 6, 6, 3), schedule.Add(Local(Amsterdam, 2026, 6, 6, 3), Duration.Zero));
        // One minute more rolls over to the next opening.
        Assert.Equal(Local(Amsterdam, 2026, 6, 9, 9, 1), schedule.Add(Local(Amsterdam, 2026, 6, 8, 16), Duration.FromMinutes(61)));
        // The end of a period is not business time; its start is.
        Assert.False(schedule.IsOpen(Local(Amsterdam, 2026, 6, 8, 17)));
        Assert.True(schedule.IsOpen(Local(Amsterdam, 2026, 6, 8, 9)));
    }

    [Fact]
    public void AYearBoundary_WithAYearlyNewYearsDay()
    {
        var schedule = OfficeHours(Amsterdam, new ScheduleHoliday(new LocalDate(2000, 1, 1), Yearly: true));
        // Thursday 31 December 2026 16:00; Friday 1 January 2027 is a holiday, then the weekend.
        var opened = Local(Amsterdam, 2026, 12, 31, 16);

        var due = schedule.Add(opened, Duration.FromHours(3));

        Assert.Equal(new LocalDateTime(2027, 1, 4, 11, 0), due.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(Duration.FromHours(3), schedule.Between(opened, due));
    }

    [Fact]
    public void SeveralPeriodsADay_ALunchBreakIsNotBusinessTime()
    {
        var schedule = new BusinessSchedule(Amsterdam,
        [
            new WorkingPeriod(IsoDayOfWeek.Monday, new LocalTime(13, 0), new LocalTime(17, 0)),
            new WorkingPeriod(IsoDayOfWeek.Monday, new LocalTime(8, 0), new LocalTime(12, 0)),
        ]);

        Assert.Equal(Local(Amsterdam, 2026, 6, 8, 14), schedule.Add(Local(Amsterdam, 2026, 6, 8, 11), Duration.FromHours(2)));
        Assert.Equal(Duration.FromHours(8), schedule.Between(Local(Amsterdam, 2026, 6, 8, 0), Local(Amsterdam, 2026, 6, 9, 0)));
    }

    /// <summary>
    /// For every quarter hour of a fortnight around a daylight-saving change and targets from zero
    /// to two weeks of business time: the business time between a start and its due time is the
    /// target, and one minute earlier it is not yet.
    /// </summary>
    [Theory]
    [InlineData("Europe/Amsterdam", 2026, 3, 23)]
    [InlineData("Europe/Amsterdam", 2026, 10, 19)]
    [InlineData("Australia/Sydney", 2026, 3, 30)]
    [InlineData("Australia/Sydney", 2026, 9, 28)]
    public void AddAndBetween_AgreeEverywhere(string zoneId, int year, int month, int day)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var schedule = OfficeHours(zone, new ScheduleHoliday(new LocalDate(year, month, day).PlusDays(4)));
        var first = zone.AtStrictly(new LocalDate(year, month, day).AtMidnight()).ToInstant();
        var targets = new[] { 0, 1, 59, 60, 61, 479, 480, 481, 2400, 4800 }.Select(minutes => Duration.FromMinutes(minutes)).ToList();
        for (var start = first; start < first + Duration.FromDays(14); start += Duration.FromMinutes(15))
        {
            foreach (var target in targets)
            {
                var due = schedule.Add(start, target);
                Assert.Equal(target, schedule.Between(start, due));
                if (target > Duration.Zero)
                {
                    Assert.True(schedule.Between(start, due - Duration.FromMinutes(1)) < target, $"{start} + {target} is due earlier than {due}");
                    Assert.True(schedule.IsOpen(due - Duration.FromMinutes(1)));
                }
            }
        }
    }

    [Fact]
    public void BadSchedulesAndTargets_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new BusinessSchedule(Amsterdam, []));
        Assert.Throws<ArgumentException>(() => new BusinessSchedule(Amsterdam, [new WorkingPeriod(IsoDayOfWeek.Monday, new LocalTime(17, 0), new LocalTime(9, 0))]));
        Assert.Throws<ArgumentException>(() => new BusinessSchedule(Amsterdam,
        [
            new WorkingPeriod(IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(13, 0)),
            new WorkingPeriod(IsoDayOfWeek.Monday, new LocalTime(12, 0), new LocalTime(17, 0)),
        ]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfficeHours(Amsterdam).Add(Utc(2026, 6, 8, 9), Duration.FromMinutes(-1)));
        Assert.Equal(Duration.Zero, OfficeHours(Amsterdam).Between(Utc(2026, 6, 8, 12), Utc(2026, 6, 8, 10)));
    }

    [Fact]
    public void BusinessDays_SkipWeekendsAndHolidays_AndEndAtTheLastDaysClose()
    {
        // Christmas (yearly) and Boxing Day 2026 (once) are holidays; 25 Dec 2026 is a Friday.
        var schedule = OfficeHours(Amsterdam, new ScheduleHoliday(new LocalDate(2000, 12, 25), Yearly: true), new ScheduleHoliday(new LocalDate(2026, 12, 28)));
        // Wednesday 23 December 2026, 16:30: the day itself does not count.
        var from = Local(Amsterdam, 2026, 12, 23, 16, 30);

        Assert.Equal(Local(Amsterdam, 2026, 12, 24, 17), schedule.AddBusinessDays(from, 1));
        // 24 Dec (Thu) is the first; Fri 25 a holiday, the weekend, Mon 28 a holiday: Tue 29 the second.
        Assert.Equal(Local(Amsterdam, 2026, 12, 29, 17), schedule.AddBusinessDays(from, 2));
        Assert.Equal(from, schedule.AddBusinessDays(from, 0));
    }

    [Fact]
    public void BusinessDays_AroundTheClock_AreCalendarDaysEndingAtMidnight()
    {
        var schedule = BusinessSchedule.TwentyFourSeven(Sydney);
        var from = Local(Sydney, 2026, 12, 5, 23, 59);

        Assert.Equal(Local(Sydney, 2026, 12, 9, 0), schedule.AddBusinessDays(from, 3));
    }
}
