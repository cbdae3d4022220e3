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

namespace SupportPlatform.Tests.Infrastructure;

/// <summary>
/// Escalation databases for tests that compare two ways of keeping the SLA clocks: real SQLite
/// files (the service's migrations) in a folder of the test's own, each with an organisation in
/// Amsterdam on the contract's default business hours (<see cref="Amsterdam"/>), and what the
/// clocks wrote, as lines to compare (<see cref="StateAsync"/>).
/// </summary>
public sealed class ClockDatabases : IDisposable
{
    private readonly string directory;

    public ClockDatabases(string prefix)
    {
        directory = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        DapperTypeHandlers.Register();
    }

    /// <summary>An organisation whose business calendar is Amsterdam's default hours.</summary>
    public Guid Amsterdam { get; } = Guid.NewGuid();

    /// <summary>An organisation with no business calendar of its own.</summary>
    public Guid NoCalendar { get; } = Guid.NewGuid();

    /// <summary>A migrated database named <paramref name="name"/> with Amsterdam's calendar, a clock at <paramref name="start"/>, and its keeper and outbox.</summary>
    public async Task<(Database Database, FakeTimeProvider Clock, ClockKeeper Keeper, Outbox Outbox)> CreateAsync(string name, DateTimeOffset start)
    {
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(directory, name + ".db")}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(escalation::Program).Assembly, "escalation");
        var clock = new FakeTimeProvider(start);
        var outbox = new Outbox(new OutboxSignal(), clock);
        await using (var work = await database.BeginAsync())
        {
            await CalendarStore.SaveAsync(work.Connection, work.Transaction, new CalendarRow
            {
                OrganizationId = Amsterdam,
                ContractVersion = 1,
                TimeZone = "Europe/Amsterdam",
                CalendarJson = CalendarStore.Json(new ContractCalendar(ContractSchedules.DefaultHours, [])),
                ChangedAt = start.AddDays(-1),
            });
            await work.CommitAsync();
        }
        return (database, clock, Keeper(database, outbox, clock), outbox);
    }

    /// <summary>Case <paramref name="number"/> (a fixed id) as submitted at <paramref name="at"/>: version 1, nobody's yet.</summary>
    public static CaseSnapshot Submitted(int number, Guid organization, string plan, string priority, DateTimeOffset at) => new()
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
        CreatedAt = at,
        ChangedAt = at,
    };

    public static ClockKeeper Keeper(Database database, Outbox outbox, TimeProvider clock) =>
        new(outbox, new CaseEscalations(database, outbox, clock, Options.Create(new EscalationOptions())));

    /// <summary>
    /// Everything the clocks wrote, as sorted lines: the clocks, their moments, the decided alerts,
    /// the escalations and the outbox events (without their message ids, nor the escalations' ids,
    /// which are new each time one is recorded).
    /// </summary>
    public static async Task<List<string>> StateAsync(Database database)
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
