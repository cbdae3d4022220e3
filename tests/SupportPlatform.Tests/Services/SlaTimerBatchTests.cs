extern alias escalation;

using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
using SupportPlatform.Tests.Infrastructure;
using escalation::SupportPlatform.Escalation.Application;
using escalation::SupportPlatform.Escalation.Data;

namespace SupportPlatform.Tests.Services;

/// <summary>
/// The timer pass evaluates due clocks several per transaction (<see cref="ClockKeeper.RefreshManyAsync"/>):
/// on two escalation databases (real SQLite files, the service's migrations) holding the same
/// cases, a pass gives exactly what <see cref="ClockKeeper.RefreshAsync"/> one clock at a time
/// gives — the same stored clocks, decided alerts and outbox events — and a clock that cannot be
/// evaluated holds up none of the others of its batch.
/// </summary>
public sealed class SlaTimerBatchTests : IDisposable
{
    /// <summary>Tuesday 1 December 2026, 08:00 UTC (09:00 in Amsterdam).</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly ClockDatabases databases = new("sp-sla-batch");

    public void Dispose() => databases.Dispose();

    [Fact]
    public async Task APass_StoresAndRaisesExactlyWhatOneClockAtATimeDoes()
    {
        var (single, singleClock, singleKeeper, singleOutbox) = await SeededAsync("single");
        var (batched, batchedClock, _, _) = await SeededAsync("batched");
        var later = Start.AddMinutes(220);
        singleClock.SetUtcNow(later);
        batchedClock.SetUtcNow(later);

        IReadOnlyList<Guid> due;
        await using (var connection = await single.OpenAsync())
        {
            due = await ClockStore.DueAsync(connection, single.Dialect, later, 1000);
        }
        Assert.True(due.Count >= 4, $"only {due.Count} clocks are due");
        foreach (var caseId in due)
        {
            await using var work = await single.BeginAsync();
            await singleKeeper.RefreshAsync(work, caseId, later, reason: null);
            await singleOutbox.CommitAsync(work);
        }
        var pass = await Timers(batched, batchedClock, new CountingLogger()).RunOnceAsync(CancellationToken.None);

        Assert.Equal(due.Count, pass.Evaluated);
        Assert.Equal(await ClockDatabases.StateAsync(single), await ClockDatabases.StateAsync(batched));
        Assert.Contains(await ClockDatabases.StateAsync(batched), line => line.StartsWith("SlaBreached", StringComparison.Ordinal));
        Assert.Contains(await ClockDatabases.StateAsync(batched), line => line.StartsWith("SlaWarningReached", StringComparison.Ordinal));
        // A second pass at the same instant finds nothing due and raises nothing again.
        var before = await ClockDatabases.StateAsync(batched);
        Assert.Equal(0, (await Timers(batched, batchedClock, new CountingLogger()).RunOnceAsync(CancellationToken.None)).Evaluated);
        Assert.Equal(before, await ClockDatabases.StateAsync(batched));
    }

    [Fact]
    public async Task AClockThatCannotBeEvaluated_HoldsUpNoOtherOfItsBatch_AndStaysDue()
    {
        var (database, clock, _, _) = await SeededAsync("broken");
        var later = Start.AddMinutes(220);
        clock.SetUtcNow(later);
        Guid broken;
        int due;
        await using (var work = await database.BeginAsync())
        {
            var dueNow = await ClockStore.DueAsync(work.Connection, database.Dialect, later, 1000);
            due = dueNow.Count;
            broken = dueNow[0];
            // Without its moments the clock cannot be computed.
            await work.Connection.ExecuteAsync("DELETE FROM case_moments WHERE case_id = @CaseId", new { CaseId = broken }, work.Transaction);
            await work.CommitAsync();
        }
        var logger = new CountingLogger();

        var pass = await Timers(database, clock, logger).RunOnceAsync(CancellationToken.None);

        Assert.Equal(due - 1, pass.Evaluated);
        Assert.Equal(1, logger.Errors);
        await using var connection = await database.OpenAsync();
        Assert.Equal([broken], await ClockStore.DueAsync(connection, database.Dialect, later, 1000));
    }

    [Fact]
    public async Task ALongPass_StopsHalfwayThroughItsLease_SoTheNextPassRenewsItInTime_AndEvaluatesTheRest()
    {
        var (database, clock, _, _) = await SeededAsync("long-pass");
        var later = Start.AddMinutes(220);
        clock.SetUtcNow(later);
        int due;
        await using (var connection = await database.OpenAsync())
        {
            due = (await ClockStore.DueAsync(connection, database.Dialect, later, 1000)).Count;
        }
        Assert.True(due >= 4, $"only {due} clocks are due");
        // Every reading of the clock moves it 2 s on (a few per clock evaluated): a pass of one clock per query takes long.
        clock.AutoAdvanceAmount = TimeSpan.FromSeconds(2);
        var settings = new SlaTimerOptions { BatchSize = 1 };
        var outbox = new Outbox(new OutboxSignal(), clock);
        var timers = new SlaTimers(database, ClockDatabases.Keeper(database, outbox, clock), outbox, clock, Options.Create(settings), new CountingLogger());

        var first = await timers.RunOnceAsync(CancellationToken.None);
        var ended = clock.GetUtcNow();
        string leaseUntil;
        await using (var connection = await database.OpenAsync())
        {
            leaseUntil = await connection.ExecuteScalarAsync<string>("SELECT lease_until FROM maintenance_leases WHERE name = 'sla-timers'") ?? "";
        }

        Assert.True(first.Leased);
        Assert.InRange(first.Evaluated, 1, due - 1);
        // The next pass (an interval later) starts while the lease still runs: no other replica can take it in between.
        Assert.True(ended + settings.Interval < DateTimeOffset.Parse(leaseUntil, System.Globalization.CultureInfo.InvariantCulture),
            $"the pass ended at {ended:O}, its lease runs until {leaseUntil}");
        var evaluated = first.Evaluated;
        for (var pass = 0; pass < due && evaluated < due; pass++)
        {
            var next = await timers.RunOnceAsync(CancellationToken.None);
            Assert.True(next.Leased);
            evaluated += next.Evaluated;
        }
        Assert.Equal(due, evaluated);
    }

    private async Task<(Database Database, FakeTimeProvider Clock, ClockKeeper Keeper, Outbox Outbox)> SeededAsync(string name)
    {
        var (database, clock, keeper, outbox) = await databases.CreateAsync(name, Start);
        // Cases the same in both databases (fixed ids): P1s around the clock, P2s in business
        // hours, some acknowledged, one waiting on the customer.
        var cases = new (int Number, Guid Organization, string Plan, string Priority, int AcknowledgedAfterMinutes, bool AwaitingCustomer)[]
        {
            (1, databases.Amsterdam, "PREMIUM_PLUS", "P1", -1, false),
            (2, databases.Amsterdam, "PREMIUM_PLUS", "P1", 20, false),
            (3, databases.NoCalendar, "PREMIUM_PLUS", "P1", 45, false),
            (4, databases.NoCalendar, "PREMIUM_PLUS", "P1", 10, true),
            (5, databases.Amsterdam, "STANDARD", "P1", -1, false),
            (6, databases.NoCalendar, "PREMIUM", "P2", 30, false),
            (7, databases.Amsterdam, "PREMIUM", "P1", -1, false),
        };
        foreach (var (number, organization, plan, priority, acknowledgedAfter, awaitingCustomer) in cases)
        {
            var snapshot = ClockDatabases.Submitted(number, organization, plan, priority, Start);
            await RecordAsync(database, keeper, outbox, snapshot, isUpdate: false);
            if (acknowledgedAfter >= 0)
            {
                var acknowledged = Start.AddMinutes(acknowledgedAfter);
                snapshot = snapshot with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = acknowledged, ChangedAt = acknowledged };
                await RecordAsync(database, keeper, outbox, snapshot, isUpdate: true);
            }
            if (awaitingCustomer)
            {
                snapshot = snapshot with { Status = "AWAITING_CUSTOMER", Version = 3, ChangedAt = Start.AddMinutes(50) };
                await RecordAsync(database, keeper, outbox, snapshot, isUpdate: true);
            }
        }
        return (database, clock, keeper, outbox);
    }

    private static async Task RecordAsync(Database database, ClockKeeper keeper, Outbox outbox, CaseSnapshot snapshot, bool isUpdate)
    {
        await using var work = await database.BeginAsync();
        await keeper.RecordAsync(work, snapshot, snapshot.ChangedAt!.Value, isUpdate, snapshot.ChangedAt.Value);
        await outbox.CommitAsync(work);
    }

    private static SlaTimers Timers(Database database, FakeTimeProvider clock, CountingLogger logger)
    {
        var outbox = new Outbox(new OutboxSignal(), clock);
        return new SlaTimers(database, ClockDatabases.Keeper(database, outbox, clock), outbox, clock, Options.Create(new SlaTimerOptions()), logger);
    }

    /// <summary>Counts the errors the timers log.</summary>
    private sealed class CountingLogger : ILogger<SlaTimers>
    {
        public int Errors { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors++;
            }
        }
    }
}
