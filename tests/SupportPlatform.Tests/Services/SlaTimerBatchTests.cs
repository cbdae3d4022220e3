extern alias escalation;

using SupportPlatform.BuildingBlocks.Domain;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using SupportPlatform.Contracts.Events;
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
public sealed class SlaTimerBatchTests : IAsyncLifetime
{
    /// <summary>Tuesday 1 December 2026, 08:00 UTC (09:00 in Amsterdam).</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"sp-sla-batch-{Guid.NewGuid():N}");
    private readonly Guid amsterdam = Guid.NewGuid();
    private readonly Guid noCalendar = Guid.NewGuid();

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        DapperTypeHandlers.Register();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

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
        Assert.Equal(await StateAsync(single), await StateAsync(batched));
        Assert.Contains(await StateAsync(batched), line => line.StartsWith("SlaBreached", StringComparison.Ordinal));
        Assert.Contains(await StateAsync(batched), line => line.StartsWith("SlaWarningReached", StringComparison.Ordinal));
        // A second pass at the same instant finds nothing due and raises nothing again.
        var before = await StateAsync(batched);
        Assert.Equal(0, (await Timers(batched, batchedClock, new CountingLogger()).RunOnceAsync(CancellationToken.None)).Evaluated);
        Assert.Equal(before, await StateAsync(batched));
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
        var timers = new SlaTimers(database, Keeper(database, outbox, clock), outbox, clock, Options.Create(settings), new CountingLogger());

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
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, name + ".db")}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(escalation::Program).Assembly, "escalation");
        var clock = new FakeTimeProvider(Start);
        var outbox = new Outbox(new OutboxSignal(), clock);
        var keeper = Keeper(database, outbox, clock);
        await using (var work = await database.BeginAsync())
        {
            await CalendarStore.SaveAsync(work.Connection, work.Transaction, new CalendarRow
            {
                OrganizationId = amsterdam,
                ContractVersion = 1,
                TimeZone = "Europe/Amsterdam",
                CalendarJson = CalendarStore.Json(new ContractCalendar(ContractSchedules.DefaultHours, [])),
                ChangedAt = Start.AddDays(-1),
            });
            await work.CommitAsync();
        }
        // Cases the same in both databases (fixed ids): P1s around the clock, P2s in business
        // hours, some acknowledged, one waiting on the customer.
        var cases = new (int Number, Guid Organization, string Plan, string Priority, int AcknowledgedAfterMinutes, bool AwaitingCustomer)[]
        {
            (1, amsterdam, "PREMIUM_PLUS", "P1", -1, false),
            (2, amsterdam, "PREMIUM_PLUS", "P1", 20, false),
            (3, noCalendar, "PREMIUM_PLUS", "P1", 45, false),
            (4, noCalendar, "PREMIUM_PLUS", "P1", 10, true),
            (5, amsterdam, "STANDARD", "P1", -1, false),
            (6, noCalendar, "PREMIUM", "P2", 30, false),
            (7, amsterdam, "PREMIUM", "P1", -1, false),
        };
        foreach (var (number, organization, plan, priority, acknowledgedAfter, awaitingCustomer) in cases)
        {
            var snapshot = new CaseSnapshot
            {
                CaseId = new Guid($"00000000-0000-4000-8000-{number:D12}"),
                OrganizationId = organization,
                SubmitterId = Guid.Empty,
                Title = $"Case {number}",
                Type = "INCIDENT",
                Priority = priority,
                Plan = plan,
                Status = "SUBMITTED",
                Version = 1,
                CreatedAt = Start,
                ChangedAt = Start,
            };
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

    private static ClockKeeper Keeper(Database database, Outbox outbox, TimeProvider clock) =>
        new(outbox, new CaseEscalations(database, outbox, clock, Options.Create(new EscalationOptions())));

    private static SlaTimers Timers(Database database, FakeTimeProvider clock, CountingLogger logger)
    {
        var outbox = new Outbox(new OutboxSignal(), clock);
        return new SlaTimers(database, Keeper(database, outbox, clock), outbox, clock, Options.Create(new SlaTimerOptions()), logger);
    }

    /// <summary>Everything a pass writes, as sorted lines: the clocks, the decided alerts and the outbox events (without their message ids).</summary>
    private static async Task<List<string>> StateAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var clocks = await connection.QueryAsync<string>("""
            SELECT case_id || '|' || priority || '|' || policy_version || '|' || case_version || '|' || standing || '|' ||
                   COALESCE(response_due_at, '-') || '|' || COALESCE(update_due_at, '-') || '|' || COALESCE(resolution_due_at, '-') || '|' ||
                   COALESCE(next_due_at, '-') || '|' || COALESCE(next_check_at, '-') || '|' || COALESCE(evaluated_at, '-')
            FROM sla_clocks
            """);
        var alerts = await connection.QueryAsync<string>(
            "SELECT 'alert|' || case_id || '|' || target || '|' || cycle || '|' || kind || '|' || due_at || '|' || decided_at || '|' || raised FROM sla_alerts");
        var events = (await connection.QueryAsync<string>("SELECT message_type || '|' || payload || '|' || created_at FROM outbox_messages"))
            // An escalation's id is new each time it is recorded; everything else must be equal.
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, "\"escalationId\":\"[0-9a-f-]+\"", "\"escalationId\":\"-\""));
        var escalations = await connection.QueryAsync<string>(
            "SELECT 'escalation|' || case_id || '|' || kind || '|' || from_level || '|' || to_level || '|' || trigger_kind || '|' || COALESCE(breached_target, '-') || '|' || escalated_at FROM case_escalations");
        return [.. clocks.Concat(alerts).Concat(events).Concat(escalations).Order(StringComparer.Ordinal)];
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
