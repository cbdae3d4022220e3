extern alias escalation;

using escalation::SupportPlatform.Escalation.Domain;
using NodaTime;

namespace SupportPlatform.Tests.Unit;

/// <summary>
/// The rotation arithmetic of on-call schedules: turns, hand-offs across both daylight-saving
/// changes in Europe/Amsterdam and Australia/Sydney, restrictions, layers, overrides and gaps.
/// </summary>
public sealed class OnCallRotationTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
    private static readonly DateTimeZone Sydney = DateTimeZoneProviders.Tzdb["Australia/Sydney"];
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    private static readonly Guid A = new("aaaaaaaa-0000-4000-8000-000000000001");
    private static readonly Guid B = new("bbbbbbbb-0000-4000-8000-000000000002");
    private static readonly Guid C = new("cccccccc-0000-4000-8000-000000000003");
    private static readonly Guid D = new("dddddddd-0000-4000-8000-000000000004");
    private static readonly Guid E = new("eeeeeeee-0000-4000-8000-000000000005");

    private static Instant At(int year, int month, int day, int hour, int minute = 0) => Instant.FromUtc(year, month, day, hour, minute);

    private static Instant Local(DateTimeZone zone, int year, int month, int day, int hour, int minute = 0) =>
        zone.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToInstant();

    private static RotationLayer Layer(Guid[] participants, int hours, int handoffHour, LocalDate start, params DutyWindow[] restrictions) =>
        new("", participants, hours, new LocalTime(handoffHour, 0), start, restrictions);

    private static OnCallRotation Rotation(DateTimeZone zone, params RotationLayer[] layers) => new(zone, layers, []);

    private static LocalTime T(int hour, int minute = 0) => new(hour, minute);

    private static DutySegment Seg(Instant start, Instant end, Guid? person, DutyOrigin origin) => new(start, end, person, origin);

    // ---- Turns and hand-offs ----

    [Fact]
    public void WeeklyRotation_HandsOverEveryMondayAtNine_InOrder_AndWrapsAround()
    {
        // Monday 5 January 2026, 09:00 UTC.
        var rotation = Rotation(Utc, Layer([A, B, C], 168, 9, new LocalDate(2026, 1, 5)));

        Assert.Equal(A, rotation.PersonAt(At(2026, 1, 5, 9)));
        Assert.Equal(A, rotation.PersonAt(At(2026, 1, 12, 8, 59)));
        Assert.Equal(B, rotation.PersonAt(At(2026, 1, 12, 9)));
        Assert.Equal(C, rotation.PersonAt(At(2026, 1, 19, 9)));
        Assert.Equal(A, rotation.PersonAt(At(2026, 1, 26, 9)));
        // A year on: turn 52 is 52 mod 3 = 1, B's.
        Assert.Equal(B, rotation.PersonAt(At(2027, 1, 4, 9)));
        var duty = rotation.At(At(2026, 1, 14, 3));
        Assert.Equal((B, At(2026, 1, 12, 9), At(2026, 1, 19, 9)), (duty.PersonId, duty.Since, duty.Until));
        Assert.Equal(DutyOrigin.OfLayer(0), duty.Origin);
    }

    [Fact]
    public void BeforeTheStartDate_NobodyIsOnDuty_AndTheGapEndsAtTheFirstHandOff()
    {
        var rotation = Rotation(Utc, Layer([A, B], 24, 9, new LocalDate(2026, 1, 5)));

        Assert.Null(rotation.PersonAt(At(2026, 1, 5, 8, 59)));
        var gap = rotation.At(At(2026, 1, 5, 8));
        Assert.Equal((null, DutyOrigin.Nobody, null, At(2026, 1, 5, 9)), (gap.PersonId, gap.Origin, gap.Since, gap.Until));
        Assert.Equal([new Interval(At(2026, 1, 4, 0), At(2026, 1, 5, 9))], rotation.Gaps(At(2026, 1, 4, 0), At(2026, 1, 6, 0)));
    }

    [Fact]
    public void SpringForward_InAmsterdam_DailyHandOffStaysAtNineLocal_SoThatTurnIs23Hours()
    {
        // Friday 27 March 2026 09:00 CET; the clocks go forward at 02:00 on Sunday 29 March.
        var rotation = Rotation(Amsterdam, Layer([A, B, C], 24, 9, new LocalDate(2026, 3, 27)));

        var saturday = rotation.At(Local(Amsterdam, 2026, 3, 28, 12));
        Assert.Equal((B, At(2026, 3, 28, 8), At(2026, 3, 29, 7)), (saturday.PersonId, saturday.Since, saturday.Until));
        Assert.Equal(new LocalDateTime(2026, 3, 28, 9, 0), saturday.Since!.Value.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(new LocalDateTime(2026, 3, 29, 9, 0), saturday.Until!.Value.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(Duration.FromHours(23), saturday.Until.Value - saturday.Since.Value);
        Assert.Equal(B, rotation.PersonAt(At(2026, 3, 29, 6, 59)));
        Assert.Equal(C, rotation.PersonAt(At(2026, 3, 29, 7)));
        // Monday's hand-off is at 09:00 CEST too, 24 hours after Sunday's.
        Assert.Equal(At(2026, 3, 30, 7), rotation.At(At(2026, 3, 29, 12)).Until);
    }

    [Fact]
    public void FallBack_InAmsterdam_DailyHandOffStaysAtNineLocal_SoThatTurnIs25Hours()
    {
        // Friday 23 October 2026 09:00 CEST; the clocks go back at 03:00 on Sunday 25 October.
        var rotation = Rotation(Amsterdam, Layer([A, B, C], 24, 9, new LocalDate(2026, 10, 23)));

        var saturday = rotation.At(Local(Amsterdam, 2026, 10, 24, 12));
        Assert.Equal((B, At(2026, 10, 24, 7), At(2026, 10, 25, 8)), (saturday.PersonId, saturday.Since, saturday.Until));
        Assert.Equal(Duration.FromHours(25), saturday.Until!.Value - saturday.Since!.Value);
        Assert.Equal(new LocalDateTime(2026, 10, 25, 9, 0), saturday.Until.Value.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(C, rotation.PersonAt(At(2026, 10, 25, 8)));
        Assert.Equal(At(2026, 10, 26, 8), rotation.At(At(2026, 10, 25, 8)).Until);
    }

    [Fact]
    public void WeeklyRotation_AcrossBothChanges_HandsOverOnMondayAtNineLocal()
    {
        var rotation = Rotation(Amsterdam, Layer([A, B], 168, 9, new LocalDate(2026, 3, 23)));

        var first = rotation.At(At(2026, 3, 25, 12));
        Assert.Equal((A, At(2026, 3, 23, 8), At(2026, 3, 30, 7)), (first.PersonId, first.Since, first.Until));
        Assert.Equal(Duration.FromHours(167), first.Until!.Value - first.Since!.Value);
        // 30 weeks on (turn 30, A's), the week that contains the fall-back change lasts 169 hours.
        var autumn = rotation.At(At(2026, 10, 21, 12));
        Assert.Equal((At(2026, 10, 19, 7), At(2026, 10, 26, 8)), (autumn.Since, autumn.Until));
        Assert.Equal(Duration.FromHours(169), autumn.Until!.Value - autumn.Since!.Value);
        Assert.Equal(new LocalDateTime(2026, 10, 26, 9, 0), autumn.Until.Value.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(A, autumn.PersonId);
    }

    [Fact]
    public void SouthernHemisphere_Sydney_DaylightSavingEndsInApril_TheTurnIs25Hours()
    {
        // Friday 3 April 2026 09:00 AEDT (UTC+11); the clocks go back at 03:00 on Sunday 5 April.
        var rotation = Rotation(Sydney, Layer([A, B], 24, 9, new LocalDate(2026, 4, 3)));

        var saturday = rotation.At(Local(Sydney, 2026, 4, 4, 12));
        Assert.Equal((B, At(2026, 4, 3, 22), At(2026, 4, 4, 23)), (saturday.PersonId, saturday.Since, saturday.Until));
        Assert.Equal(Duration.FromHours(25), saturday.Until!.Value - saturday.Since!.Value);
        Assert.Equal(new LocalDateTime(2026, 4, 5, 9, 0), saturday.Until.Value.InZone(Sydney).LocalDateTime);
        Assert.Equal(A, rotation.PersonAt(Local(Sydney, 2026, 4, 5, 9)));
        Assert.Equal(B, rotation.PersonAt(Local(Sydney, 2026, 4, 5, 8, 59)));
    }

    [Fact]
    public void SouthernHemisphere_Sydney_DaylightSavingStartsInOctober_TheTurnIs23Hours()
    {
        // Friday 2 October 2026 09:00 AEST (UTC+10); the clocks go forward at 02:00 on Sunday 4 October.
        var rotation = Rotation(Sydney, Layer([A, B], 24, 9, new LocalDate(2026, 10, 2)));

        var saturday = rotation.At(Local(Sydney, 2026, 10, 3, 12));
        Assert.Equal((B, At(2026, 10, 2, 23), At(2026, 10, 3, 22)), (saturday.PersonId, saturday.Since, saturday.Until));
        Assert.Equal(Duration.FromHours(23), saturday.Until!.Value - saturday.Since!.Value);
        Assert.Equal(new LocalDateTime(2026, 10, 4, 9, 0), saturday.Until.Value.InZone(Sydney).LocalDateTime);
    }

    [Fact]
    public void AHandOffInTheSkippedHour_MovesForwardByTheChange_AndOneInTheRepeatedHour_IsItsFirstOccurrence()
    {
        var spring = new RotationLayer("", [A, B, C], 24, T(2, 30), new LocalDate(2026, 3, 27), []);
        var rotation = new OnCallRotation(Amsterdam, [spring], []);

        // 02:30 does not exist on 29 March: 03:30 CEST, the same instant as 02:30 CET would be.
        Assert.Equal(At(2026, 3, 28, 1, 30), rotation.TurnStart(spring, 1));
        Assert.Equal(At(2026, 3, 29, 1, 30), rotation.TurnStart(spring, 2));
        Assert.Equal(new LocalDateTime(2026, 3, 29, 3, 30), rotation.TurnStart(spring, 2).InZone(Amsterdam).LocalDateTime);
        Assert.Equal(At(2026, 3, 30, 0, 30), rotation.TurnStart(spring, 3));

        var autumn = new RotationLayer("", [A, B], 24, T(2, 30), new LocalDate(2026, 10, 24), []);
        var fallBack = new OnCallRotation(Amsterdam, [autumn], []);
        // 02:30 happens twice on 25 October; the hand-off is at the first (CEST, 00:30 UTC).
        Assert.Equal(At(2026, 10, 25, 0, 30), fallBack.TurnStart(autumn, 1));
        Assert.Equal(A, fallBack.PersonAt(At(2026, 10, 25, 0, 29)));
        Assert.Equal(B, fallBack.PersonAt(At(2026, 10, 25, 1, 30)));
        Assert.Equal(At(2026, 10, 26, 1, 30), fallBack.At(At(2026, 10, 25, 12)).Until);
    }

    [Fact]
    public void HourlyTurns_TheTurnOfTheSkippedHourDoesNotExist_AndTheRepeatedHourIsOneLongerTurn()
    {
        var hourly = Layer([A, B], 1, 0, new LocalDate(2026, 3, 29));
        var rotation = Rotation(Amsterdam, hourly);

        // Turns 00:00 (A), 01:00 (B), 02:00 (skipped, A's), 03:00 (B), 04:00 (A): B is on duty from 01:00 CET to 04:00 CEST.
        var duty = rotation.At(At(2026, 3, 29, 0, 30));
        Assert.Equal((B, At(2026, 3, 29, 0), At(2026, 3, 29, 2)), (duty.PersonId, duty.Since, duty.Until));
        Assert.Equal(A, rotation.PersonAt(At(2026, 3, 29, 2)));

        var autumn = Rotation(Amsterdam, Layer([A, B], 1, 0, new LocalDate(2026, 10, 25)));
        // 02:00 CEST (00:00 UTC) starts turn 2 (A); 03:00 CET (02:00 UTC) turn 3: A holds the repeated hour too.
        var repeated = autumn.At(At(2026, 10, 25, 0, 30));
        Assert.Equal((A, At(2026, 10, 25, 0), At(2026, 10, 25, 2)), (repeated.PersonId, repeated.Since, repeated.Until));
    }

    [Fact]
    public void TwelveHourTurns_HandOverAtNineAndTwentyOneLocal_OnBothSidesOfTheChange()
    {
        var rotation = Rotation(Amsterdam, Layer([A, B], 12, 9, new LocalDate(2026, 3, 28)));

        Assert.Equal(A, rotation.PersonAt(Local(Amsterdam, 2026, 3, 28, 20, 59)));
        Assert.Equal(B, rotation.PersonAt(Local(Amsterdam, 2026, 3, 28, 21)));
        var night = rotation.At(Local(Amsterdam, 2026, 3, 29, 3));
        Assert.Equal(Duration.FromHours(11), night.Until!.Value - night.Since!.Value);
        Assert.Equal(new LocalDateTime(2026, 3, 29, 9, 0), night.Until.Value.InZone(Amsterdam).LocalDateTime);
        Assert.Equal(A, rotation.PersonAt(Local(Amsterdam, 2026, 3, 29, 9)));
        Assert.Equal(B, rotation.PersonAt(Local(Amsterdam, 2026, 3, 29, 21)));
    }

    [Fact]
    public void APersonFollowingThemself_IsOneStretchOfDuty()
    {
        var rotation = Rotation(Utc, Layer([A, A, B], 24, 9, new LocalDate(2026, 1, 5)));

        var duty = rotation.At(At(2026, 1, 5, 12));
        Assert.Equal((A, At(2026, 1, 5, 9), At(2026, 1, 7, 9)), (duty.PersonId, duty.Since, duty.Until));
    }

    [Fact]
    public void OnePersonWithoutRestrictions_IsOnDutyBeyondTheSearchHorizon_InBothDirections()
    {
        var alone = Rotation(Utc, Layer([A], 168, 9, new LocalDate(2020, 1, 6)));

        var duty = alone.At(At(2026, 6, 1, 12));
        Assert.Equal((A, (Instant?)null, (Instant?)null), (duty.PersonId, duty.Since, duty.Until));
        // Started within the horizon: since then, and open-ended.
        var recent = Rotation(Utc, Layer([A], 168, 9, new LocalDate(2026, 1, 5))).At(At(2026, 6, 1, 12));
        Assert.Equal((At(2026, 1, 5, 9), (Instant?)null), (recent.Since, recent.Until));
    }

    // ---- Restrictions ----

    [Fact]
    public void DailyRestriction_OnDutyOnlyInsideTheWindow_WithWhoeverHoldsTheTurn()
    {
        // Daily turns handed over at 12:00, on duty only 09:00-17:00: the hand-off splits the window.
        var rotation = Rotation(Utc, Layer([A, B], 24, 12, new LocalDate(2026, 1, 5), DutyWindow.Daily(T(9), T(17))));

        Assert.Equal(
            [
                Seg(At(2026, 1, 6, 0), At(2026, 1, 6, 9), null, DutyOrigin.Nobody),
                Seg(At(2026, 1, 6, 9), At(2026, 1, 6, 12), A, DutyOrigin.OfLayer(0)),
                Seg(At(2026, 1, 6, 12), At(2026, 1, 6, 17), B, DutyOrigin.OfLayer(0)),
                Seg(At(2026, 1, 6, 17), At(2026, 1, 7, 0), null, DutyOrigin.Nobody),
            ],
            rotation.Timeline(At(2026, 1, 6, 0), At(2026, 1, 7, 0)));
    }

    [Fact]
    public void DailyRestrictionPastMidnight_RunsIntoTheNextDay()
    {
        var nights = Rotation(Utc, Layer([A, B], 24, 22, new LocalDate(2026, 1, 5), DutyWindow.Daily(T(22), T(6))));

        Assert.Equal(
            [
                new Interval(At(2026, 1, 6, 6), At(2026, 1, 6, 22)),
                new Interval(At(2026, 1, 7, 6), At(2026, 1, 7, 12)),
            ],
            nights.Gaps(At(2026, 1, 6, 0), At(2026, 1, 7, 12)));
        Assert.Equal(A, nights.PersonAt(At(2026, 1, 6, 2)));
        Assert.Equal(B, nights.PersonAt(At(2026, 1, 6, 23)));
        Assert.Equal(B, nights.PersonAt(At(2026, 1, 7, 5, 59)));
    }

    [Fact]
    public void DailyRestriction_StaysLocalAcrossTheChange()
    {
        var office = Rotation(Amsterdam, Layer([A], 24, 9, new LocalDate(2026, 3, 20), DutyWindow.Daily(T(9), T(17))));

        Assert.Equal(
            [
                new Interval(Local(Amsterdam, 2026, 3, 28, 9), Local(Amsterdam, 2026, 3, 28, 17)),
                new Interval(Local(Amsterdam, 2026, 3, 29, 9), Local(Amsterdam, 2026, 3, 29, 17)),
            ],
            Invert(office.Gaps(Local(Amsterdam, 2026, 3, 28, 0), Local(Amsterdam, 2026, 3, 30, 0)), Local(Amsterdam, 2026, 3, 28, 0), Local(Amsterdam, 2026, 3, 30, 0)));
        Assert.Equal(At(2026, 3, 29, 7), Local(Amsterdam, 2026, 3, 29, 9));
    }

    [Fact]
    public void WeeklyRestriction_FridayEveningToMondayMorning_IsTheWeekend()
    {
        var weekend = Rotation(Utc, Layer([A, B], 168, 17, new LocalDate(2026, 1, 2),
            DutyWindow.Weekly(IsoDayOfWeek.Friday, T(17), IsoDayOfWeek.Monday, T(9))));

        // Monday 5 January 2026 is a Monday; Friday 9 January a Friday.
        Assert.Equal(A, weekend.PersonAt(At(2026, 1, 3, 12)));
        Assert.Equal(A, weekend.PersonAt(At(2026, 1, 5, 8, 59)));
        Assert.Null(weekend.PersonAt(At(2026, 1, 5, 9)));
        Assert.Null(weekend.PersonAt(At(2026, 1, 9, 16, 59)));
        Assert.Equal(B, weekend.PersonAt(At(2026, 1, 9, 17)));
        var duty = weekend.At(At(2026, 1, 10, 12));
        Assert.Equal((B, At(2026, 1, 9, 17), At(2026, 1, 12, 9)), (duty.PersonId, duty.Since, duty.Until));
    }

    [Fact]
    public void SeveralWindows_AreOneUnion_AndTouchingWindowsAreOneStretch()
    {
        var rotation = Rotation(Utc, Layer([A], 24, 0, new LocalDate(2026, 1, 1),
            DutyWindow.Daily(T(8), T(12)), DutyWindow.Daily(T(12), T(14)), DutyWindow.Daily(T(13), T(18))));

        var duty = rotation.At(At(2026, 1, 6, 10));
        Assert.Equal((A, At(2026, 1, 6, 8), At(2026, 1, 6, 18)), (duty.PersonId, duty.Since, duty.Until));
    }

    [Theory]
    [InlineData(null, 9, null, 17, true)]
    [InlineData(null, 22, null, 6, true)]
    [InlineData(null, 9, null, 9, false)]
    [InlineData(IsoDayOfWeek.Monday, 9, IsoDayOfWeek.Friday, 17, true)]
    [InlineData(IsoDayOfWeek.Monday, 18, IsoDayOfWeek.Monday, 8, true)]
    [InlineData(IsoDayOfWeek.Monday, 9, IsoDayOfWeek.Monday, 9, false)]
    [InlineData(IsoDayOfWeek.Monday, 9, null, 17, false)]
    [InlineData(null, 9, IsoDayOfWeek.Friday, 17, false)]
    public void DutyWindow_Validity(IsoDayOfWeek? startDay, int start, IsoDayOfWeek? endDay, int end, bool valid) =>
        Assert.Equal(valid, new DutyWindow(startDay, T(start), endDay, T(end)).IsValid);

    [Fact]
    public void DutyWindow_EndsOnItsDay_OrTheNextDayOrWeekWhenTheEndIsNotAfterTheStart()
    {
        var monday = new LocalDate(2026, 1, 5);

        Assert.Equal(monday + T(17), DutyWindow.Daily(T(9), T(17)).EndFor(monday));
        Assert.Equal(monday.PlusDays(1) + T(6), DutyWindow.Daily(T(22), T(6)).EndFor(monday));
        Assert.Equal(monday.PlusDays(4) + T(17), DutyWindow.Weekly(IsoDayOfWeek.Monday, T(9), IsoDayOfWeek.Friday, T(17)).EndFor(monday));
        Assert.Equal(monday.PlusDays(7) + T(8), DutyWindow.Weekly(IsoDayOfWeek.Monday, T(18), IsoDayOfWeek.Monday, T(8)).EndFor(monday));
        var friday = new LocalDate(2026, 1, 9);
        Assert.Equal(friday.PlusDays(3) + T(9), DutyWindow.Weekly(IsoDayOfWeek.Friday, T(17), IsoDayOfWeek.Monday, T(9)).EndFor(friday));
    }

    // ---- Layers and overrides ----

    private static RotationLayer AroundTheClock(Guid person) => Layer([person], 24, 0, new LocalDate(2026, 1, 1));

    private static RotationLayer OfficeHours(params Guid[] people) =>
        Layer(people, 24, 9, new LocalDate(2026, 1, 5), DutyWindow.Daily(T(9), T(17)));

    [Fact]
    public void AHigherLayer_OverridesTheLowerOnes_WhereItHasSomeoneOnDuty()
    {
        var rotation = Rotation(Utc, AroundTheClock(A), OfficeHours(B, C));

        Assert.Equal(
            [
                Seg(At(2026, 1, 6, 0), At(2026, 1, 6, 9), A, DutyOrigin.OfLayer(0)),
                Seg(At(2026, 1, 6, 9), At(2026, 1, 6, 17), C, DutyOrigin.OfLayer(1)),
                Seg(At(2026, 1, 6, 17), At(2026, 1, 7, 0), A, DutyOrigin.OfLayer(0)),
            ],
            rotation.Timeline(At(2026, 1, 6, 0), At(2026, 1, 7, 0)));
        // The lower layer's order does not win by being first: swapped, the office layer is covered.
        var swapped = Rotation(Utc, OfficeHours(B, C), AroundTheClock(A));
        Assert.Equal(A, swapped.PersonAt(At(2026, 1, 6, 10)));
    }

    [Fact]
    public void Overrides_SitOnTopOfEveryLayer_AndTheNewestWinsWhereTheyOverlap()
    {
        var older = new DutyOverride(Guid.NewGuid(), D, At(2026, 1, 5, 12), At(2026, 1, 5, 20), At(2026, 1, 1, 0));
        var newer = new DutyOverride(Guid.NewGuid(), E, At(2026, 1, 5, 15), At(2026, 1, 5, 16), At(2026, 1, 2, 0));
        var rotation = new OnCallRotation(Utc, [AroundTheClock(A), OfficeHours(B, C)], [newer, older]);

        Assert.Equal(
            [
                Seg(At(2026, 1, 5, 0), At(2026, 1, 5, 9), A, DutyOrigin.OfLayer(0)),
                Seg(At(2026, 1, 5, 9), At(2026, 1, 5, 12), B, DutyOrigin.OfLayer(1)),
                Seg(At(2026, 1, 5, 12), At(2026, 1, 5, 15), D, DutyOrigin.OfOverride(older.Id)),
                Seg(At(2026, 1, 5, 15), At(2026, 1, 5, 16), E, DutyOrigin.OfOverride(newer.Id)),
                // The office layer ends at 17:00 under the override: D's stretch runs on unbroken.
                Seg(At(2026, 1, 5, 16), At(2026, 1, 5, 20), D, DutyOrigin.OfOverride(older.Id)),
                Seg(At(2026, 1, 5, 20), At(2026, 1, 6, 0), A, DutyOrigin.OfLayer(0)),
            ],
            rotation.Timeline(At(2026, 1, 5, 0), At(2026, 1, 6, 0)));

        // Created the other way round, the longer one covers the shorter one entirely.
        var reversed = new OnCallRotation(Utc, [AroundTheClock(A)], [newer with { CreatedAt = At(2025, 12, 1, 0) }, older]);
        var duty = reversed.At(At(2026, 1, 5, 15, 30));
        Assert.Equal((D, At(2026, 1, 5, 12), At(2026, 1, 5, 20)), (duty.PersonId, duty.Since, duty.Until));
        Assert.Equal(DutyOrigin.OfOverride(older.Id), duty.Origin);
    }

    [Fact]
    public void AnOverride_FillsAGap()
    {
        var cover = new DutyOverride(Guid.NewGuid(), D, At(2026, 1, 6, 17), At(2026, 1, 6, 22), At(2026, 1, 1, 0));
        var rotation = new OnCallRotation(Utc, [OfficeHours(B, C)], [cover]);

        Assert.Equal(
            [new Interval(At(2026, 1, 6, 0), At(2026, 1, 6, 9)), new Interval(At(2026, 1, 6, 22), At(2026, 1, 7, 0))],
            rotation.Gaps(At(2026, 1, 6, 0), At(2026, 1, 7, 0)));
    }

    // ---- Gaps ----

    [Fact]
    public void Gaps_AreTheIntervalsWithNobody_CutOffAtTheQuestion()
    {
        var rotation = Rotation(Utc, OfficeHours(B, C));

        Assert.Equal(
            [
                new Interval(At(2026, 1, 6, 0), At(2026, 1, 6, 9)),
                new Interval(At(2026, 1, 6, 17), At(2026, 1, 7, 9)),
                new Interval(At(2026, 1, 7, 17), At(2026, 1, 8, 0)),
            ],
            rotation.Gaps(At(2026, 1, 6, 0), At(2026, 1, 8, 0)));
        Assert.Empty(rotation.Gaps(At(2026, 1, 6, 10), At(2026, 1, 6, 16)));
        Assert.Empty(rotation.Gaps(At(2026, 1, 6, 10), At(2026, 1, 6, 10)));
    }

    [Fact]
    public void NextGap_WithinTheLookahead_OrNoneWhenCoveredThroughout()
    {
        var office = Rotation(Utc, OfficeHours(B, C));
        var covered = Rotation(Utc, AroundTheClock(A), OfficeHours(B, C));
        var empty = Rotation(Utc);

        Assert.Equal(new Interval(At(2026, 1, 6, 17), At(2026, 1, 7, 9)), office.NextGap(At(2026, 1, 6, 10), Duration.FromDays(7)));
        Assert.Null(covered.NextGap(At(2026, 1, 6, 10), Duration.FromDays(7)));
        Assert.Equal(new Interval(At(2026, 1, 6, 10), At(2026, 1, 13, 10)), empty.NextGap(At(2026, 1, 6, 10), Duration.FromDays(7)));
        // A rotation that starts in three days: the gap ends then.
        var later = Rotation(Utc, Layer([A], 24, 9, new LocalDate(2026, 1, 9)));
        Assert.Equal(new Interval(At(2026, 1, 6, 10), At(2026, 1, 9, 9)), later.NextGap(At(2026, 1, 6, 10), Duration.FromDays(7)));
    }

    [Fact]
    public void AnEmptySchedule_IsOneGap()
    {
        var duty = Rotation(Amsterdam).At(At(2026, 6, 1, 0));

        Assert.Equal((null, DutyOrigin.Nobody, (Instant?)null, (Instant?)null), (duty.PersonId, duty.Origin, duty.Since, duty.Until));
    }

    // ---- Consistency ----

    [Fact]
    public void EveryQuarterHour_AroundBothChanges_TheTimelineAtAndPersonAtAgree()
    {
        var rotation = new OnCallRotation(Amsterdam,
            [
                Layer([A, B, C], 24, 9, new LocalDate(2026, 3, 1)),
                Layer([D, E], 12, 8, new LocalDate(2026, 3, 15), DutyWindow.Daily(T(20), T(2)), DutyWindow.Weekly(IsoDayOfWeek.Saturday, T(10), IsoDayOfWeek.Sunday, T(14))),
            ],
            [new DutyOverride(Guid.NewGuid(), E, Local(Amsterdam, 2026, 3, 29, 1), Local(Amsterdam, 2026, 3, 29, 4), At(2026, 3, 1, 0))]);
        foreach (var start in new[] { Local(Amsterdam, 2026, 3, 22, 0), Local(Amsterdam, 2026, 10, 18, 0) })
        {
            var end = start + Duration.FromDays(14);
            var timeline = rotation.Timeline(start, end);
            Assert.Equal(start, timeline[0].Start);
            Assert.Equal(end, timeline[^1].End);
            for (var index = 1; index < timeline.Count; index++)
            {
                Assert.Equal(timeline[index - 1].End, timeline[index].Start);
                Assert.True(timeline[index - 1].PersonId != timeline[index].PersonId || timeline[index - 1].Origin != timeline[index].Origin);
            }
            for (var at = start; at < end; at += Duration.FromMinutes(15))
            {
                var segment = timeline.Single(candidate => candidate.Start <= at && at < candidate.End);
                var duty = rotation.At(at);
                Assert.Equal(segment.PersonId, duty.PersonId);
                Assert.Equal(segment.PersonId, rotation.PersonAt(at));
                Assert.Equal(segment.Origin, duty.Origin);
                Assert.True(duty.Since <= at && at < duty.Until);
                Assert.True(segment.Start == start || duty.Since == segment.Start);
                Assert.True(segment.End == end || duty.Until == segment.End);
            }
        }
    }

    [Fact]
    public void BadLayersAndOverrides_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => Rotation(Utc, Layer([], 24, 9, new LocalDate(2026, 1, 5))));
        Assert.Throws<ArgumentException>(() => Rotation(Utc, Layer([A], 0, 9, new LocalDate(2026, 1, 5))));
        Assert.Throws<ArgumentException>(() => Rotation(Utc, Layer([A], 24, 9, new LocalDate(2026, 1, 5), DutyWindow.Daily(T(9), T(9)))));
        Assert.Throws<ArgumentException>(() => new OnCallRotation(Utc, [], [new DutyOverride(Guid.NewGuid(), A, At(2026, 1, 5, 9), At(2026, 1, 5, 9), At(2026, 1, 1, 0))]));
    }

    /// <summary>The complement of <paramref name="gaps"/> within [from, to).</summary>
    private static List<Interval> Invert(IReadOnlyList<Interval> gaps, Instant from, Instant to)
    {
        var covered = new List<Interval>();
        var cursor = from;
        foreach (var gap in gaps)
        {
            if (gap.Start > cursor)
            {
                covered.Add(new Interval(cursor, gap.Start));
            }
            cursor = gap.End;
        }
        if (cursor < to)
        {
            covered.Add(new Interval(cursor, to));
        }
        return covered;
    }
}
