extern alias escalation;

using Microsoft.Extensions.Options;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Tests.Infrastructure;
using escalation::SupportPlatform.Escalation.Application;
using escalation::SupportPlatform.Escalation.Data;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// Recording a case event refreshes the case's clock from what the record has in hand
/// (<see cref="ClockKeeper.RecordAsync"/>) instead of reading the clock back: on two escalation
/// databases (real SQLite files, the service's migrations) given the same events, one only
/// recording and one refreshing each clock from the store after every record, the stored clocks,
/// decided alerts and outbox events are the same, and so is the clock each record returns. A
/// P1's deferred-clock notice is judged by the priority submitted, whatever reached the clock first.
/// </summary>
public sealed class ClockRecordTests : IDisposable
{
    /// <summary>Tuesday 1 December 2026, 08:00 UTC (09:00 in Amsterdam).</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ClockDatabases databases = new("sp-clock-record");

    public void Dispose() => databases.Dispose();

    [Fact]
    public async Task Recording_StoresRaisesAndReturnsWhatARefreshFromTheStoreGives()
    {
        var (recorded, _, keeper, outbox) = await databases.CreateAsync("recorded", Start);
        var (refreshed, _, checker, checkerOutbox) = await databases.CreateAsync("refreshed", Start);

        foreach (var (snapshot, isUpdate, at) in Events())
        {
            ClockSnapshot returned;
            await using (var work = await recorded.BeginAsync())
            {
                returned = await keeper.RecordAsync(work, snapshot, snapshot.ChangedAt!.Value, isUpdate, at);
                await outbox.CommitAsync(work);
            }
            await using (var work = await refreshed.BeginAsync())
            {
                await checker.RecordAsync(work, snapshot, snapshot.ChangedAt!.Value, isUpdate, at);
                await checker.RefreshAsync(work, snapshot.CaseId, at, reason: null);
                await checkerOutbox.CommitAsync(work);
            }
            await using var connection = await refreshed.OpenAsync();
            var stored = await ClockKeeper.LoadAsync(connection, null, snapshot.CaseId, at);
            Assert.NotNull(stored);
            Assert.Equal(stored.Clock.Targets, returned.Clock.Targets);
            Assert.Equal(stored.Policy, returned.Policy);
            Assert.Equal(stored.Moments.Select(Describe), returned.Moments.Select(Describe));
        }

        var state = await ClockDatabases.StateAsync(recorded);
        Assert.Equal(await ClockDatabases.StateAsync(refreshed), state);
        // The events below raise both kinds of alert when they are recorded, not only on a timer.
        Assert.Contains(state, line => line.StartsWith("SlaBreached", StringComparison.Ordinal));
        Assert.Contains(state, line => line.StartsWith("SlaWarningReached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACasesFirstEvent_IsRecordedWithoutReadingBackWhatItWrote()
    {
        var (database, _, keeper, _) = await databases.CreateAsync("statements", Start);
        var first = Submitted(1, databases.Amsterdam, "PREMIUM_PLUS", "P1");
        var (preparedBefore, reusedBefore) = database.WriteStatements;

        await using (var work = await database.BeginAsync())
        {
            await keeper.RecordAsync(work, first, Start, isUpdate: false, Start);
            await work.CommitAsync();
        }

        var (prepared, reused) = database.WriteStatements;
        // Lock the clock, add the moment, find the clock (none), read the current policy, insert
        // the clock, read the organisation's calendar, store the evaluation: 7. Refreshing from
        // the store after the insert took 12.
        Assert.Equal(7, prepared + reused - preparedBefore - reusedBefore);
    }

    [Fact]
    public async Task ACaseSubmittedOnAWeekend_IsToldItsClockWaits_OnlyWhenThePrioritySubmittedRunsInBusinessHours()
    {
        var (database, clock, keeper, outbox) = await databases.CreateAsync("deferred", Start);
        var p1 = new P1Effects(outbox, new Hotline(database, outbox, clock, Options.Create(new HotlineOptions())),
            new Paging(outbox, Options.Create(new OnCallOptions())));
        var saturday = Start.AddDays(4);
        // A Standard P1 runs in business hours: its clock waits for Monday 09:00 in Amsterdam.
        var standard = ClockDatabases.Submitted(1, databases.Amsterdam, "STANDARD", "P1", saturday);
        // A Premium Plus P1 runs around the clock, even when its lowering to P2 (business hours)
        // reached the clock before its submission did.
        var premiumPlus = ClockDatabases.Submitted(2, databases.Amsterdam, "PREMIUM_PLUS", "P1", saturday);
        var lowered = premiumPlus with { Priority = "P2", Version = 2, ChangedAt = saturday.AddMinutes(5) };

        foreach (var (snapshot, submitted) in new[] { (standard, true), (lowered, false), (premiumPlus, true) })
        {
            await using var work = await database.BeginAsync();
            var recorded = await keeper.RecordAsync(work, snapshot, snapshot.ChangedAt!.Value, isUpdate: !submitted, saturday.AddMinutes(6));
            if (submitted)
            {
                await p1.SubmittedAsync(work, snapshot, recorded, saturday, saturday.AddMinutes(6));
            }
            await outbox.CommitAsync(work);
        }

        var deferred = (await ClockDatabases.StateAsync(database)).Where(line => line.StartsWith("SlaClockDeferred", StringComparison.Ordinal)).ToList();
        var notice = Assert.Single(deferred);
        Assert.Contains(standard.CaseId.ToString(), notice);
        Assert.Contains("2026-12-07T08:00:00", notice);
    }

    /// <summary>
    /// Each event with the instant it is recorded at: first events, events recorded out of order,
    /// a priority raised late (a breach at once), a warning passed by the time a comment is
    /// recorded, a pause for the customer and a repeat of an event already recorded.
    /// </summary>
    private IEnumerable<(CaseSnapshot Snapshot, bool IsUpdate, DateTimeOffset At)> Events()
    {
        var p1 = Submitted(1, databases.Amsterdam, "PREMIUM_PLUS", "P1");
        yield return (p1, false, Start);
        var p1Acknowledged = p1 with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = Start.AddMinutes(20), ChangedAt = Start.AddMinutes(20) };
        yield return (p1Acknowledged, true, Start.AddMinutes(20));
        yield return (p1Acknowledged, true, Start.AddMinutes(21));

        // The acknowledgement arrives before the submission.
        var p2 = Submitted(2, databases.NoCalendar, "PREMIUM", "P2");
        var p2Acknowledged = p2 with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = Start.AddMinutes(30), ChangedAt = Start.AddMinutes(30) };
        yield return (p2Acknowledged, true, Start.AddMinutes(31));
        yield return (p2, false, Start.AddMinutes(32));

        // A P3 raised to P1 five hours on: its response target ran out long before.
        var p3 = Submitted(3, databases.NoCalendar, "PREMIUM_PLUS", "P3");
        yield return (p3, false, Start);
        var raised = p3 with { Priority = "P1", Version = 2, ChangedAt = Start.AddHours(5) };
        yield return (raised, true, Start.AddHours(5));

        // A Premium Plus P1 acknowledged 14 minutes on, then waiting for the customer, who replies
        // an hour later.
        var p4 = Submitted(4, databases.Amsterdam, "PREMIUM_PLUS", "P1");
        yield return (p4, false, Start);
        var p4Acknowledged = p4 with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = Start.AddMinutes(14), ChangedAt = Start.AddMinutes(14) };
        yield return (p4Acknowledged, true, Start.AddMinutes(14));
        var waiting = p4Acknowledged with { Status = "AWAITING_CUSTOMER", Version = 3, ChangedAt = Start.AddMinutes(15) };
        yield return (waiting, true, Start.AddMinutes(15));
        var replied = waiting with { Status = "IN_PROGRESS", Version = 4, ChangedAt = Start.AddMinutes(80) };
        yield return (replied, true, Start.AddMinutes(80));

        // A comment on a Premium Plus P1 nobody acknowledged 25 minutes on: past the response
        // target's warning (75 % of 30 minutes), before its breach.
        var p6 = Submitted(6, databases.NoCalendar, "PREMIUM_PLUS", "P1");
        yield return (p6, false, Start);
        yield return (p6 with { Version = 2, ChangedAt = Start.AddMinutes(25) }, true, Start.AddMinutes(25));

        // A Standard case submitted on Saturday in Amsterdam: its clock waits for Monday.
        var weekend = Submitted(5, databases.Amsterdam, "STANDARD", "P2") with { CreatedAt = Start.AddDays(4), ChangedAt = Start.AddDays(4) };
        yield return (weekend, false, Start.AddDays(4));
    }

    private static CaseSnapshot Submitted(int number, Guid organization, string plan, string priority) =>
        ClockDatabases.Submitted(number, organization, plan, priority, Start);

    private static string Describe(CaseMomentRow moment) =>
        $"{moment.CaseId}|{moment.Version}|{moment.OccurredAt.UtcTicks}|{moment.Status}|{moment.Holder}|{moment.Responded}|{moment.IsUpdate}";
}
