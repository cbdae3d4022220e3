extern alias escalation;

using SupportPlatform.BuildingBlocks.Domain;
using escalation::SupportPlatform.Escalation.Domain;
using NodaTime;

namespace SupportPlatform.Tests.Unit;

/// <summary>Clocks computed from a case's moments: pauses, attribution, cycles, re-planning and edges.</summary>
public sealed class SlaClockCalculatorTests
{
    private static readonly DateTimeZone Amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    private static readonly BusinessSchedule Office = new(Amsterdam,
        new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
            .Select(day => new WorkingPeriod(day, new LocalTime(9, 0), new LocalTime(17, 0))));

    private static readonly BusinessSchedule AroundTheClock = BusinessSchedule.TwentyFourSeven(Amsterdam);

    private static readonly SlaPolicy PremiumPlusP1 = SlaPolicyDefaults.For("PREMIUM_PLUS", "P1");
    private static readonly SlaPolicy StandardP2 = SlaPolicyDefaults.For("STANDARD", "P2");
    private static readonly SlaPolicy PremiumP1 = SlaPolicyDefaults.For("PREMIUM", "P1");

    /// <summary>A local time in Amsterdam in the week of Monday 30 November 2026 (UTC+1).</summary>
    private static Instant At(int month, int day, int hour, int minute = 0) =>
        Amsterdam.AtStrictly(new LocalDateTime(2026, month, day, hour, minute)).ToInstant();

    private sealed class History
    {
        private readonly List<CaseMoment> moments = [];
        private bool responded;

        public IReadOnlyList<CaseMoment> Moments => moments;

        public History Add(Instant at, string status, ClockHolder holder, bool isUpdate = true)
        {
            responded |= status == "ACKNOWLEDGED";
            moments.Add(new CaseMoment(moments.Count + 1, at, status, holder, responded, isUpdate && moments.Count > 0));
            return this;
        }
    }

    [Fact]
    public void PremiumPlusP1_RunsAroundTheClock_WithWarningAtThreeQuarters()
    {
        var submitted = At(12, 5, 2); // Saturday 02:00
        var history = new History().Add(submitted, "SUBMITTED", ClockHolder.Vendor);

        var clock = SlaClockCalculator.Compute(history.Moments, PremiumPlusP1, AroundTheClock, submitted + Duration.FromMinutes(20));
        var response = clock.Find(SlaTargetKind.Response)!;

        Assert.Equal(submitted + Duration.FromMinutes(30), response.DueAt);
        Assert.Equal(submitted + Duration.FromSeconds(22 * 60 + 30), response.WarningAt);
        Assert.Equal(Duration.FromMinutes(20), response.Elapsed);
        Assert.Equal(Duration.FromMinutes(10), response.Remaining);
        Assert.True(response.Running);
        Assert.Equal(TargetState.Pending, response.State);
        Assert.Null(clock.Find(SlaTargetKind.Update));
        Assert.Equal(ClockStanding.OnTrack, clock.Standing);
    }

    [Fact]
    public void BusinessHours_OpenedFridayAfternoon_IsDueMondayAndStandsStillAtTheWeekend()
    {
        var submitted = At(12, 4, 16); // Friday 16:00
        var history = new History().Add(submitted, "SUBMITTED", ClockHolder.Vendor);

        var saturday = SlaClockCalculator.Compute(history.Moments, StandardP2, Office, At(12, 5, 12));
        var response = saturday.Find(SlaTargetKind.Response)!;

        // 8 business hours: Friday 16:00-17:00, then Monday 09:00-16:00.
        Assert.Equal(At(12, 7, 16), response.DueAt);
        Assert.Equal(Duration.FromHours(1), response.Elapsed);
        Assert.Equal(Duration.FromHours(7), response.Remaining);
        // The warning at 6 business hours falls on Monday 14:00, not at the weekend.
        Assert.Equal(At(12, 7, 14), response.WarningAt);
    }

    [Fact]
    public void WaitingOnTheCustomerOverAWeekend_PausesTheClock_AndIsAttributedToTheCustomer()
    {
        var history = new History()
            .Add(At(12, 4, 10), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 4, 11), "ACKNOWLEDGED", ClockHolder.Vendor)
            .Add(At(12, 4, 12), "AWAITING_CUSTOMER", ClockHolder.Customer)
            .Add(At(12, 7, 14), "IN_PROGRESS", ClockHolder.Vendor);

        var whilePaused = SlaClockCalculator.Compute(history.Moments.Take(3), StandardP2, Office, At(12, 7, 10));
        var paused = whilePaused.Find(SlaTargetKind.Resolution)!;
        Assert.False(paused.Running);
        Assert.Null(paused.DueAt);
        Assert.Equal(ClockHolder.Customer, paused.Holder);
        Assert.Equal(At(12, 4, 12), paused.Since);
        Assert.Equal(Duration.FromHours(22), paused.Remaining);

        var clock = SlaClockCalculator.Compute(history.Moments, StandardP2, Office, At(12, 7, 15));
        var resolution = clock.Find(SlaTargetKind.Resolution)!;

        // Vendor: Friday 10-12 and Monday 14-15. Customer: Friday 12-17 and Monday 09-14 (the weekend is no business time).
        Assert.Equal(Duration.FromHours(3), resolution.Attribution.Vendor);
        Assert.Equal(Duration.FromHours(10), resolution.Attribution.Customer);
        Assert.Equal(Duration.Zero, resolution.Attribution.ThirdParty);
        Assert.True(resolution.Running);
        Assert.Equal(At(12, 7, 14), resolution.Since);
        // 24 business hours less 3: Monday 15-17 (2), Tuesday (8), Wednesday (8), Thursday 09-12 (3).
        Assert.Equal(At(12, 10, 12), resolution.DueAt);
    }

    [Fact]
    public void WaitingOnAThirdParty_PausesTheVendorsClock_AndIsAttributedToTheThirdParty()
    {
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 10), "ACKNOWLEDGED", ClockHolder.Vendor)
            .Add(At(12, 1, 11), "IN_PROGRESS", ClockHolder.ThirdParty)
            .Add(At(12, 2, 11), "IN_PROGRESS", ClockHolder.Vendor);

        var resolution = SlaClockCalculator.Compute(history.Moments, StandardP2, Office, At(12, 2, 12)).Find(SlaTargetKind.Resolution)!;

        Assert.Equal(Duration.FromHours(8), resolution.Attribution.ThirdParty);
        Assert.Equal(Duration.FromHours(3), resolution.Elapsed);
        Assert.Equal(Duration.FromHours(3), resolution.Attribution.Vendor);
    }

    [Fact]
    public void AReturnedCase_DoesNotCountTheTimeItSatReturned()
    {
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 10), "RETURNED_TO_CUSTOMER", ClockHolder.Customer)
            .Add(At(12, 2, 10), "SUBMITTED", ClockHolder.Vendor);

        var response = SlaClockCalculator.Compute(history.Moments, StandardP2, Office, At(12, 2, 11)).Find(SlaTargetKind.Response)!;

        Assert.Equal(Duration.FromHours(2), response.Elapsed);
        Assert.Equal(Duration.FromHours(8), response.Attribution.Customer);
        // 8 business hours less 2: Wednesday 11:00-17:00.
        Assert.Equal(At(12, 2, 17), response.DueAt);
    }

    [Fact]
    public void APriorityRaisedAfterThreeHours_IsLateAtOnce_AndSaysSo()
    {
        // Logged as a P3 on Tuesday at 09:00, raised to P1 at 12:00 with no response yet: the P1
        // targets count from the start, so the response was due at 10:00.
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 12), "SUBMITTED", ClockHolder.Vendor);

        var clock = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 1, 12));
        var response = clock.Find(SlaTargetKind.Response)!;

        Assert.Equal(TargetState.Breached, response.State);
        Assert.Equal(At(12, 1, 10), response.DueAt);
        Assert.Equal(ClockStanding.Breached, clock.Standing);
        var decision = SlaAlerts.Decide(clock, new HashSet<(SlaTargetKind, int, AlertKind)>(), Office, At(12, 1, 12));
        Assert.Contains(decision.Raise, alert => alert is { Target: SlaTargetKind.Response, Kind: AlertKind.Breach });
        // Its warning is not raised after the breach it warned of.
        Assert.DoesNotContain(decision.Raise, alert => alert is { Target: SlaTargetKind.Response, Kind: AlertKind.Warning });
        Assert.Contains(decision.Drop, alert => alert is { Target: SlaTargetKind.Response, Kind: AlertKind.Warning });
    }

    [Fact]
    public void MetAndBreached_AreJudgedAtTheDueInstant()
    {
        var submitted = At(12, 1, 9);
        var onTime = new History().Add(submitted, "SUBMITTED", ClockHolder.Vendor).Add(At(12, 1, 10), "ACKNOWLEDGED", ClockHolder.Vendor);
        var late = new History().Add(submitted, "SUBMITTED", ClockHolder.Vendor).Add(At(12, 1, 10) + Duration.FromSeconds(1), "ACKNOWLEDGED", ClockHolder.Vendor);

        var met = SlaClockCalculator.Compute(onTime.Moments, PremiumP1, Office, At(12, 1, 15)).Find(SlaTargetKind.Response)!;
        var breached = SlaClockCalculator.Compute(late.Moments, PremiumP1, Office, At(12, 1, 15)).Find(SlaTargetKind.Response)!;

        Assert.Equal(TargetState.Met, met.State);
        Assert.Equal(At(12, 1, 10), met.ReachedAt);
        Assert.False(met.Running);
        Assert.Equal(TargetState.Breached, breached.State);
    }

    [Fact]
    public void AWithdrawnCase_CancelsWhatWasStillInTime()
    {
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 9, 30), "WITHDRAWN", ClockHolder.None);

        var clock = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 3, 9));

        Assert.Equal(TargetState.Cancelled, clock.Find(SlaTargetKind.Response)!.State);
        Assert.Equal(TargetState.Cancelled, clock.Find(SlaTargetKind.Resolution)!.State);
        Assert.Equal(ClockStanding.Done, clock.Standing);
        Assert.Null(clock.NextDueAt);
    }

    [Fact]
    public void AReopenedCase_RunsOnFromWhereItsResolutionClockStopped()
    {
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 10), "ACKNOWLEDGED", ClockHolder.Vendor)
            .Add(At(12, 1, 13), "RESOLVED", ClockHolder.None);

        var resolved = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 2, 9)).Find(SlaTargetKind.Resolution)!;
        Assert.Equal(TargetState.Met, resolved.State);
        Assert.Equal(At(12, 1, 13), resolved.ReachedAt);

        history.Add(At(12, 2, 9), "IN_PROGRESS", ClockHolder.Vendor);
        var reopened = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 2, 10)).Find(SlaTargetKind.Resolution)!;

        Assert.Equal(TargetState.Pending, reopened.State);
        Assert.Null(reopened.ReachedAt);
        // Four hours before the resolution, one since the reopening; the resolved night counts for nobody.
        Assert.Equal(Duration.FromHours(5), reopened.Elapsed);
        Assert.Equal(At(12, 2, 13), reopened.DueAt);
    }

    [Fact]
    public void TheUpdateCadence_CountsCycles_AndACustomersReplyCountsAsAnUpdate()
    {
        // Premium P1: an update at least every 2 business hours.
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 9, 30), "ACKNOWLEDGED", ClockHolder.Vendor)
            .Add(At(12, 1, 12), "IN_PROGRESS", ClockHolder.Vendor)     // 2.5 h without an update: cycle 1 breached
            .Add(At(12, 1, 13), "IN_PROGRESS", ClockHolder.Vendor, isUpdate: false) // an assignment is no update
            .Add(At(12, 1, 13, 30), "IN_PROGRESS", ClockHolder.Vendor); // the customer's comment

        var update = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 1, 14)).Find(SlaTargetKind.Update)!;

        Assert.Equal(3, update.Cycle);
        Assert.Equal(1, update.BreachedCycles);
        Assert.Equal(At(12, 1, 13, 30), update.StartedAt);
        Assert.Equal(At(12, 1, 15, 30), update.DueAt);
        Assert.Equal(TargetState.Pending, update.State);
    }

    [Fact]
    public void TheSameHistory_InAnyOrder_GivesTheSameClock()
    {
        var history = new History()
            .Add(At(12, 1, 9), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 1, 10), "ACKNOWLEDGED", ClockHolder.Vendor)
            .Add(At(12, 1, 11), "AWAITING_CUSTOMER", ClockHolder.Customer)
            .Add(At(12, 2, 11), "IN_PROGRESS", ClockHolder.Vendor)
            .Add(At(12, 3, 11), "RESOLVED", ClockHolder.None);
        var now = At(12, 4, 9);

        var first = SlaClockCalculator.Compute(history.Moments, StandardP2, Office, now);
        var shuffled = SlaClockCalculator.Compute(history.Moments.Reverse().ToList(), StandardP2, Office, now);

        Assert.Equal(first.Targets, shuffled.Targets);
    }

    [Fact]
    public void AWarningDueOutsideBusinessHours_WaitsForTheNextOpening_UnlessTheClockRunsAroundTheClock()
    {
        // Recomputed on Saturday after a calendar change: the warning passed on Friday at 16:00 and
        // was never raised; the breach falls on Monday at 10:00.
        var history = new History().Add(At(12, 4, 10), "SUBMITTED", ClockHolder.Vendor);
        var saturday = At(12, 5, 2);
        var clock = SlaClockCalculator.Compute(history.Moments, StandardP2, Office, saturday);
        Assert.Equal(At(12, 4, 16), clock.Find(SlaTargetKind.Response)!.WarningAt);
        Assert.Equal(At(12, 7, 10), clock.Find(SlaTargetKind.Response)!.DueAt);

        var decision = SlaAlerts.Decide(clock, new HashSet<(SlaTargetKind, int, AlertKind)>(), Office, saturday);

        Assert.Empty(decision.Raise);
        Assert.Equal(At(12, 7, 9), decision.NextCheckAt);
        var monday = SlaAlerts.Decide(SlaClockCalculator.Compute(history.Moments, StandardP2, Office, At(12, 7, 9)),
            new HashSet<(SlaTargetKind, int, AlertKind)>(), Office, At(12, 7, 9));
        Assert.Contains(monday.Raise, alert => alert is { Target: SlaTargetKind.Response, Kind: AlertKind.Warning });

        // A 24x7 clock warns at night: a Premium Plus P1 logged at 01:45 on Saturday warns at 02:07:30.
        var night = new History().Add(At(12, 5, 1, 45), "SUBMITTED", ClockHolder.Vendor);
        var allNight = SlaClockCalculator.Compute(night.Moments, PremiumPlusP1, AroundTheClock, At(12, 5, 2, 10));
        var atNight = SlaAlerts.Decide(allNight, new HashSet<(SlaTargetKind, int, AlertKind)>(), AroundTheClock, At(12, 5, 2, 10));
        var warning = Assert.Single(atNight.Raise);
        Assert.Equal((SlaTargetKind.Response, 1, AlertKind.Warning), warning.Key);
        Assert.Equal(At(12, 5, 2, 7) + Duration.FromSeconds(30), warning.At);
    }

    [Fact]
    public void Alerts_AreRaisedOnce_AndTheNextCheckIsTheEarliestFutureOne()
    {
        var submitted = At(12, 1, 9);
        var history = new History().Add(submitted, "SUBMITTED", ClockHolder.Vendor);

        var before = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 1, 9, 10));
        var early = SlaAlerts.Decide(before, new HashSet<(SlaTargetKind, int, AlertKind)>(), Office, At(12, 1, 9, 10));
        Assert.Empty(early.Raise);
        Assert.Equal(At(12, 1, 9, 45), early.NextCheckAt);

        var atWarning = SlaClockCalculator.Compute(history.Moments, PremiumP1, Office, At(12, 1, 9, 45));
        var warned = SlaAlerts.Decide(atWarning, new HashSet<(SlaTargetKind, int, AlertKind)>(), Office, At(12, 1, 9, 45));
        var warning = Assert.Single(warned.Raise);
        Assert.Equal((SlaTargetKind.Response, 1, AlertKind.Warning), warning.Key);
        Assert.Equal(At(12, 1, 10), warned.NextCheckAt);

        var again = SlaAlerts.Decide(atWarning, new HashSet<(SlaTargetKind, int, AlertKind)> { warning.Key }, Office, At(12, 1, 9, 45));
        Assert.Empty(again.Raise);
    }

    [Fact]
    public void HoldTimeOverAHoliday_CountsNoHolidayHours_ForAnyParty()
    {
        // Friday 4 December is a holiday; the customer holds the case from Thursday noon to Monday noon.
        var withHoliday = new BusinessSchedule(Amsterdam,
            new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .Select(day => new WorkingPeriod(day, new LocalTime(9, 0), new LocalTime(17, 0))),
            [new ScheduleHoliday(new LocalDate(2026, 12, 4))]);
        var history = new History()
            .Add(At(12, 3, 10), "SUBMITTED", ClockHolder.Vendor)
            .Add(At(12, 3, 11), "ACKNOWLEDGED", ClockHolder.Vendor)
            .Add(At(12, 3, 12), "AWAITING_CUSTOMER", ClockHolder.Customer)
            .Add(At(12, 7, 12), "IN_PROGRESS", ClockHolder.Vendor);

        var resolution = SlaClockCalculator.Compute(history.Moments, StandardP2, withHoliday, At(12, 7, 12)).Find(SlaTargetKind.Resolution)!;

        // Thursday 12-17 and Monday 09-12: the holiday and the weekend are nobody's time.
        Assert.Equal(Duration.FromHours(8), resolution.Attribution.Customer);
        Assert.Equal(Duration.FromHours(2), resolution.Attribution.Vendor);
    }

    [Fact]
    public void ACalendarMovedToAnotherZone_RecomputesANewCaseWithoutBreachingIt()
    {
        // Submitted at 10:00 in Amsterdam (04:00 in New York); the customer's calendar moves to New
        // York five minutes later. Recomputed, the case has used no business time yet.
        var history = new History().Add(At(12, 1, 10), "SUBMITTED", ClockHolder.Vendor);
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];
        var office = new BusinessSchedule(newYork,
            new[] { IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday }
                .Select(day => new WorkingPeriod(day, new LocalTime(9, 0), new LocalTime(17, 0))));

        var clock = SlaClockCalculator.Compute(history.Moments, StandardP2, office, At(12, 1, 10, 5));
        var response = clock.Find(SlaTargetKind.Response)!;

        Assert.Equal(TargetState.Pending, response.State);
        Assert.Equal(Duration.Zero, response.Elapsed);
        Assert.Equal(newYork.AtStrictly(new LocalDateTime(2026, 12, 1, 17, 0)).ToInstant(), response.DueAt);
        Assert.Empty(SlaAlerts.Decide(clock, new HashSet<(SlaTargetKind, int, AlertKind)>(), office, At(12, 1, 10, 5)).Raise);
    }
}
