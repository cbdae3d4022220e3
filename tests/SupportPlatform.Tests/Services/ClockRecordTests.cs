extern alias escalation;

using SupportPlatform.BuildingBlocks.Domain;
using Dapper;
using Microsoft.Data.Sqlite;
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
/// Recording a case event refreshes the case's clock from what the record has in hand
/// (<see cref="ClockKeeper.RecordAsync"/>) instead of reading the clock back: on two escalation
/// databases (real SQLite files, the service's migrations) given the same events, one only
/// recording and one refreshing each clock from the store after every record, the stored clocks,
/// decided alerts and outbox events are the same, and so is the clock each record returns.
/// </summary>
public sealed class ClockRecordTests : IAsyncLifetime
{
    /// <summary>Tuesday 1 December 2026, 08:00 UTC (09:00 in Amsterdam).</summary>
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string directory = Path.Combine(Path.GetTempPath(), $"sp-clock-record-{Guid.NewGuid():N}");
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
    public async Task Recording_StoresRaisesAndReturnsWhatARefreshFromTheStoreGives()
    {
        var (recorded, keeper, outbox) = await DatabaseAsync("recorded");
        var (refreshed, checker, checkerOutbox) = await DatabaseAsync("refreshed");

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

        var state = await StateAsync(recorded);
        Assert.Equal(await StateAsync(refreshed), state);
        // The events below raise both kinds of alert when they are recorded, not only on a timer.
        Assert.Contains(state, line => line.StartsWith("SlaBreached", StringComparison.Ordinal));
        Assert.Contains(state, line => line.StartsWith("SlaWarningReached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACasesFirstEvent_IsRecordedWithoutReadingBackWhatItWrote()
    {
        var (database, keeper, outbox) = await DatabaseAsync("statements");
        var first = Submitted(1, amsterdam, "PREMIUM_PLUS", "P1");
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

    /// <summary>
    /// Each event with the instant it is recorded at: first events, events recorded out of order,
    /// a priority raised late (a breach at once), a warning passed by the time a comment is
    /// recorded, a pause for the customer and a repeat of an event already recorded.
    /// </summary>
    private IEnumerable<(CaseSnapshot Snapshot, bool IsUpdate, DateTimeOffset At)> Events()
    {
        var p1 = Submitted(1, amsterdam, "PREMIUM_PLUS", "P1");
        yield return (p1, false, Start);
        var p1Acknowledged = p1 with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = Start.AddMinutes(20), ChangedAt = Start.AddMinutes(20) };
        yield return (p1Acknowledged, true, Start.AddMinutes(20));
        yield return (p1Acknowledged, true, Start.AddMinutes(21));

        // The acknowledgement arrives before the submission.
        var p2 = Submitted(2, noCalendar, "PREMIUM", "P2");
        var p2Acknowledged = p2 with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = Start.AddMinutes(30), ChangedAt = Start.AddMinutes(30) };
        yield return (p2Acknowledged, true, Start.AddMinutes(31));
        yield return (p2, false, Start.AddMinutes(32));

        // A P3 raised to P1 five hours on: its response target ran out long before.
        var p3 = Submitted(3, noCalendar, "PREMIUM_PLUS", "P3");
        yield return (p3, false, Start);
        var raised = p3 with { Priority = "P1", Version = 2, ChangedAt = Start.AddHours(5) };
        yield return (raised, true, Start.AddHours(5));

        // A Premium Plus P1 acknowledged 14 minutes on, then waiting for the customer, who replies
        // an hour later.
        var p4 = Submitted(4, amsterdam, "PREMIUM_PLUS", "P1");
        yield return (p4, false, Start);
        var p4Acknowledged = p4 with { Status = "ACKNOWLEDGED", Version = 2, AcknowledgedAt = Start.AddMinutes(14), ChangedAt = Start.AddMinutes(14) };
        yield return (p4Acknowledged, true, Start.AddMinutes(14));
        var waiting = p4Acknowledged with { Status = "AWAITING_CUSTOMER", Version = 3, ChangedAt = Start.AddMinutes(15) };
        yield return (waiting, true, Start.AddMinutes(15));
        var replied = waiting with { Status = "IN_PROGRESS", Version = 4, ChangedAt = Start.AddMinutes(80) };
        yield return (replied, true, Start.AddMinutes(80));

        // A comment on a Premium Plus P1 nobody acknowledged 25 minutes on: past the response
        // target's warning (75 % of 30 minutes), before its breach.
        var p6 = Submitted(6, noCalendar, "PREMIUM_PLUS", "P1");
        yield return (p6, false, Start);
        yield return (p6 with { Version = 2, ChangedAt = Start.AddMinutes(25) }, true, Start.AddMinutes(25));

        // A Standard case submitted on Saturday in Amsterdam: its clock waits for Monday.
        var weekend = Submitted(5, amsterdam, "STANDARD", "P2") with { CreatedAt = Start.AddDays(4), ChangedAt = Start.AddDays(4) };
        yield return (weekend, false, Start.AddDays(4));
    }

    private static CaseSnapshot Submitted(int number, Guid organization, string plan, string priority) => new()
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

    private static string Describe(CaseMomentRow moment) =>
        $"{moment.CaseId}|{moment.Version}|{moment.OccurredAt.UtcTicks}|{moment.Status}|{moment.Holder}|{moment.Responded}|{moment.IsUpdate}";

    private async Task<(Database Database, ClockKeeper Keeper, Outbox Outbox)> DatabaseAsync(string name)
    {
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, name + ".db")}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(escalation::Program).Assembly, "escalation");
        var clock = new FakeTimeProvider(Start);
        var outbox = new Outbox(new OutboxSignal(), clock);
        var keeper = new ClockKeeper(outbox, new CaseEscalations(database, outbox, clock, Options.Create(new EscalationOptions())));
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
        return (database, keeper, outbox);
    }

    /// <summary>Everything recording writes, as sorted lines: the clocks, their moments, the decided alerts and the outbox events (without their ids).</summary>
    private static async Task<List<string>> StateAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var clocks = await connection.QueryAsync<string>("""
            SELECT case_id || '|' || priority || '|' || policy_version || '|' || case_version || '|' || standing || '|' || started_at || '|' ||
                   COALESCE(response_due_at, '-') || '|' || COALESCE(update_due_at, '-') || '|' || COALESCE(resolution_due_at, '-') || '|' ||
                   COALESCE(next_due_at, '-') || '|' || COALESCE(next_check_at, '-') || '|' || COALESCE(evaluated_at, '-')
            FROM sla_clocks
            """);
        var moments = await connection.QueryAsync<string>(
            "SELECT 'moment|' || case_id || '|' || version || '|' || occurred_at || '|' || status || '|' || holder || '|' || responded || '|' || is_update FROM case_moments");
        var alerts = await connection.QueryAsync<string>(
            "SELECT 'alert|' || case_id || '|' || target || '|' || cycle || '|' || kind || '|' || due_at || '|' || decided_at || '|' || raised FROM sla_alerts");
        var events = (await connection.QueryAsync<string>("SELECT message_type || '|' || payload || '|' || created_at FROM outbox_messages"))
            .Select(line => System.Text.RegularExpressions.Regex.Replace(line, "\"escalationId\":\"[0-9a-f-]+\"", "\"escalationId\":\"-\""));
        var escalations = await connection.QueryAsync<string>(
            "SELECT 'escalation|' || case_id || '|' || kind || '|' || from_level || '|' || to_level || '|' || trigger_kind || '|' || COALESCE(breached_target, '-') || '|' || escalated_at FROM case_escalations");
        return [.. clocks.Concat(moments).Concat(alerts).Concat(events).Concat(escalations).Order(StringComparer.Ordinal)];
    }
}
