extern alias escalation;

using SupportPlatform.BuildingBlocks.Domain;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using NodaTime;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.Contracts.Events;
using escalation::SupportPlatform.Escalation.Application;
using escalation::SupportPlatform.Escalation.Data;
using escalation::SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Benchmark;

/// <summary>
/// Fills a migrated escalation database with open case clocks as the service would have left them
/// at <c>seedTime</c>: organisations on the three plans, most with one of a few contract
/// calendars in <c>business_calendars</c> (the rest on the default calendar), cases of every
/// priority and age with the moments their events would have recorded (acknowledgement, comments,
/// assignments, questions to the customer and their answers, third-party waits, a few reopened
/// cases), and each clock's row computed by the service's own rules (<see cref="SlaClockCalculator"/>,
/// <see cref="SlaAlerts"/>, <see cref="Schedules"/>, the stored policies) exactly as
/// <see cref="ClockKeeper.RefreshAsync"/> stores it: standing, due times, <c>next_check_at</c>,
/// and the warnings and breaches decided by then in <c>sla_alerts</c> (their events long relayed,
/// so the outbox starts empty). Deterministic: the same seed gives the same database.
/// </summary>
public static class SlaClockSeed
{
    private const int Organizations = 300;
    private const int MaxMomentsAfterResponse = 12;

    /// <summary>What was built: the clocks' timers in order (the passes are placed on them) and a description.</summary>
    public sealed record Result(DateTimeOffset[] NextChecks, Guid[] Sample, string Summary);

    private sealed record Organization(Guid Id, string Plan, CalendarRow? Calendar, BusinessSchedule BusinessHours, BusinessSchedule AroundTheClock);

    private sealed record Case(Guid Id, Organization Organization, string Priority, SlaPolicy Policy, List<CaseMoment> Moments);

    private sealed record Computed(CaseClock Clock, List<(SlaAlert Alert, bool Raised)> Decided, Instant? NextCheckAt);

    private static readonly (string Zone, ContractCalendar Calendar)[] Calendars =
    [
        ("Europe/Amsterdam", new ContractCalendar(Weekdays("09:00", "17:00"),
            [new("2026-12-25", "Christmas", true), new("2026-12-26", "Boxing Day", true), new("2027-01-01", "New Year", true), new("2027-04-05", "Easter Monday", false)])),
        ("Europe/London", new ContractCalendar(Weekdays("08:00", "18:00"),
            [new("2026-12-25", "Christmas", true), new("2026-12-28", "Boxing Day (substitute)", false), new("2027-01-01", "New Year", true)])),
        ("America/New_York", new ContractCalendar(Weekdays("08:00", "20:00"),
            [new("2027-01-01", "New Year", true), new("2027-01-18", "Martin Luther King Day", false), new("2026-12-25", "Christmas", true)])),
        ("Asia/Tokyo", new ContractCalendar([.. Weekdays("09:00", "12:00"), .. Weekdays("13:00", "18:00")],
            [new("2027-01-01", "New Year", true), new("2027-01-02", "New Year", true), new("2027-01-03", "New Year", true), new("2027-01-11", "Coming of Age Day", false)])),
        ("Australia/Sydney", new ContractCalendar(Weekdays("08:30", "17:30"),
            [new("2027-01-26", "Australia Day", true), new("2026-12-25", "Christmas", true), new("2026-12-28", "Boxing Day (substitute)", false), new("2027-01-01", "New Year", true)])),
        ("Europe/Berlin", new ContractCalendar([.. Weekdays("08:00", "17:00"), new ContractWorkingHours(6, "09:00", "13:00")],
            [new("2026-12-24", "Christmas Eve", true), new("2026-12-25", "Christmas", true), new("2026-12-26", "Boxing Day", true), new("2027-01-01", "New Year", true)])),
    ];

    /// <summary>How long an open case of each priority has been open at most (wall time).</summary>
    private static readonly Dictionary<string, TimeSpan> MaxAge = new()
    {
        ["P1"] = TimeSpan.FromDays(1),
        ["P2"] = TimeSpan.FromDays(5),
        ["P3"] = TimeSpan.FromDays(20),
        ["P4"] = TimeSpan.FromDays(40),
    };

    public static async Task<Result> BuildAsync(Database database, string file, int clocks, DateTimeOffset seedTime, int sampleSize)
    {
        var random = new Random(8);
        var now = Instant.FromDateTimeOffset(seedTime);
        var total = Stopwatch.StartNew();
        var organizations = new List<Organization>();
        var cases = new Case[clocks];
        Dictionary<(string Plan, string Priority), SlaPolicy> policies;
        await using (var work = await database.BeginAsync())
        {
            policies = (await SlaPolicyStore.AllCurrentAsync(work.Connection)).ToDictionary(row => (row.Plan, row.Priority), row => row.ToPolicy());
            for (var index = 0; index < Organizations; index++)
            {
                var plan = Pick(random, ("PREMIUM_PLUS", 0.15), ("PREMIUM", 0.35), ("STANDARD", 0.50));
                CalendarRow? calendar = null;
                var id = NewGuid(random);
                if (random.NextDouble() < 0.9)
                {
                    var (zone, contract) = Calendars[random.Next(Calendars.Length)];
                    calendar = new CalendarRow
                    {
                        OrganizationId = id,
                        ContractVersion = 1 + random.Next(3),
                        TimeZone = zone,
                        CalendarJson = CalendarStore.Json(contract),
                        ChangedAt = seedTime.AddDays(-60),
                    };
                    await CalendarStore.SaveAsync(work.Connection, work.Transaction, calendar);
                }
                organizations.Add(new Organization(id, plan, calendar,
                    Schedules.For(calendar, ClockCoverage.BusinessHours), Schedules.For(calendar, ClockCoverage.AroundTheClock)));
            }
            await work.CommitAsync();
        }
        var calendars = organizations.Count(organization => organization.Calendar is not null);

        for (var index = 0; index < clocks; index++)
        {
            var organization = organizations[random.Next(organizations.Count)];
            var priority = Pick(random, ("P1", 0.03), ("P2", 0.12), ("P3", 0.40), ("P4", 0.45));
            var policy = policies[(organization.Plan, priority)];
            var schedule = policy.Coverage == ClockCoverage.AroundTheClock ? organization.AroundTheClock : organization.BusinessHours;
            cases[index] = new Case(NewGuid(random), organization, priority, policy, History(random, policy, schedule, priority, now));
        }

        // The service's own computation of each clock at the seed time (in parallel: it is pure).
        var computeTime = Stopwatch.StartNew();
        var computed = new Computed[clocks];
        Parallel.For(0, clocks, index =>
        {
            var entry = cases[index];
            var schedule = entry.Policy.Coverage == ClockCoverage.AroundTheClock ? entry.Organization.AroundTheClock : entry.Organization.BusinessHours;
            var clock = SlaClockCalculator.Compute(entry.Moments, entry.Policy, schedule, now);
            // What the timers decided before the seed time: what is due now, raised or dropped, and
            // every earlier warning — raised when it came due, in business hours (only a warning
            // found due outside them waits, and the timers ran all along).
            var due = SlaAlerts.Decide(clock, new HashSet<(SlaTargetKind, int, AlertKind)>(), schedule, now);
            var decided = due.Raise.Select(alert => (alert, true)).Concat(due.Drop.Select(alert => (alert, false))).ToList();
            decided.AddRange(clock.Targets
                .Where(target => target.WarningAt is { } warningAt && warningAt <= now
                    && !decided.Any(entry => entry.alert.Target == target.Kind && entry.alert.Cycle == target.Cycle && entry.alert.Kind == AlertKind.Warning))
                .Select(target => (new SlaAlert(target.Kind, target.Cycle, AlertKind.Warning, target.WarningAt!.Value), true)));
            var decision = SlaAlerts.Decide(clock, decided.Select(entry => (entry.alert.Target, entry.alert.Cycle, entry.alert.Kind)).ToHashSet(), schedule, now);
            computed[index] = new Computed(clock, decided, decision.NextCheckAt);
        });
        computeTime.Stop();

        var writeTime = Stopwatch.StartNew();
        var moments = 0;
        var alerts = 0;
        await using (var work = await database.BeginAsync())
        {
            var connection = (SqliteConnection)work.Connection;
            var transaction = (SqliteTransaction)work.Transaction;
            using var insertClock = Command(connection, transaction, """
                INSERT INTO sla_clocks (case_id, organization_id, support_plan, priority, policy_version, started_at, case_version, standing,
                                        response_due_at, update_due_at, resolution_due_at, next_due_at, next_check_at, evaluated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                """, 14);
            using var insertMoment = Command(connection, transaction, """
                INSERT INTO case_moments (case_id, version, occurred_at, status, holder, responded, is_update)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, 7);
            using var insertAlert = Command(connection, transaction, """
                INSERT INTO sla_alerts (case_id, target, cycle, kind, due_at, decided_at, raised)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, 7);
            for (var index = 0; index < clocks; index++)
            {
                var (entry, (clock, decided, nextCheckAt)) = (cases[index], computed[index]);
                var caseId = entry.Id.ToString("D");
                Run(insertClock, caseId, entry.Organization.Id.ToString("D"), entry.Organization.Plan, entry.Priority, entry.Policy.Version,
                    Text(entry.Moments[0].At), entry.Moments[^1].Version, Standings.Name(clock.Standing),
                    Text(clock.Find(SlaTargetKind.Response)?.DueAt), Text(clock.Find(SlaTargetKind.Update)?.DueAt),
                    Text(clock.Find(SlaTargetKind.Resolution)?.DueAt), Text(clock.NextDueAt), Text(nextCheckAt), Text(now));
                foreach (var moment in entry.Moments)
                {
                    Run(insertMoment, caseId, moment.Version, Text(moment.At), moment.Status, Holders.Name(moment.Holder), moment.Responded ? 1 : 0, moment.IsUpdate ? 1 : 0);
                    moments++;
                }
                foreach (var (alert, raised) in decided)
                {
                    Run(insertAlert, caseId, Targets.Name(alert.Target), alert.Cycle, alert.Kind.ToString(), Text(alert.At), Text(alert.At < now ? alert.At : now), raised ? 1 : 0);
                    alerts++;
                }
            }
            await work.CommitAsync();
        }
        await using (var connection = await database.OpenAsync())
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }
        writeTime.Stop();

        var nextChecks = computed.Where(entry => entry.NextCheckAt is not null)
            .Select(entry => entry.NextCheckAt!.Value.ToDateTimeOffset()).Order().ToArray();
        var sample = Enumerable.Range(0, sampleSize).Select(_ => cases[random.Next(clocks)].Id).Distinct().ToArray();
        var byPlan = string.Join(", ", cases.GroupBy(entry => entry.Organization.Plan).OrderBy(group => group.Key).Select(group => $"{group.Key} {group.Count():N0}"));
        var byPriority = string.Join(", ", cases.GroupBy(entry => entry.Priority).OrderBy(group => group.Key).Select(group => $"{group.Key} {group.Count():N0}"));
        var byStanding = string.Join(", ", computed.GroupBy(entry => Standings.Name(entry.Clock.Standing)).OrderBy(group => group.Key).Select(group => $"{group.Key} {group.Count():N0}"));
        var aroundTheClock = cases.Count(entry => entry.Policy.Coverage == ClockCoverage.AroundTheClock);
        var size = new FileInfo(file).Length;
        var summary =
            $"  {clocks:N0} open clocks of {Organizations} organisations ({calendars} with a contract calendar in business_calendars, {Calendars.Length} different ones; the rest on the default calendar); " +
            $"plans: {byPlan}; priorities: {byPriority}; {aroundTheClock:N0} around the clock, the rest in business hours\n" +
            $"  {moments:N0} case_moments ({(double)moments / clocks:F1} per case), {alerts:N0} sla_alerts decided by the seed time; standings at the seed time: {byStanding}; " +
            $"{nextChecks.Length:N0} clocks with a timer (next_check_at), the others wait on the customer or a third party\n" +
            $"  built in {total.Elapsed.TotalSeconds:F1} s (computing the clocks {computeTime.Elapsed.TotalSeconds:F1} s on {Environment.ProcessorCount} cores, " +
            $"writing them {writeTime.Elapsed.TotalSeconds:F1} s); database file {size / 1024.0 / 1024.0:F0} MB";
        return new Result(nextChecks, sample, summary);
    }

    /// <summary>
    /// A case's moments up to <paramref name="now"/>: submitted some time ago, usually acknowledged
    /// (sometimes late), then comments, assignments, questions to the customer and their answers,
    /// third-party waits, now and then a resolution the customer reopened; still open at the end.
    /// </summary>
    private static List<CaseMoment> History(Random random, SlaPolicy policy, BusinessSchedule schedule, string priority, Instant now)
    {
        // Business-hours budgets take about three times as long in wall time.
        var factor = policy.Coverage == ClockCoverage.AroundTheClock ? 1.0 : 3.0;
        // Under a business-hours contract most changes happen in business hours (the customer's
        // staff and the vendor's engineers at work); one in ten comes outside them.
        Instant Working(Instant at) => schedule.AroundTheClock || random.NextDouble() < 0.1
            ? at
            : schedule.Add(at, Duration.FromMilliseconds(random.Next(60_000, 5_400_000)));
        var start = Working(now - Duration.FromMilliseconds(Math.Round(random.NextDouble() * MaxAge[priority].TotalMilliseconds)));
        if (start >= now)
        {
            start = now - Duration.FromMinutes(1);
        }
        var version = 1L;
        var moments = new List<CaseMoment> { new(version, start, "SUBMITTED", ClockHolder.Vendor, false, false) };
        if (random.NextDouble() >= 0.95)
        {
            return moments;
        }
        var at = Working(start + Scaled(policy.Response, factor * (0.05 + random.NextDouble() * 1.15)));
        if (at >= now)
        {
            return moments;
        }
        moments.Add(new(++version, at, "ACKNOWLEDGED", ClockHolder.Vendor, true, true));
        var cadence = policy.UpdateCadence ?? Duration.FromSeconds(policy.Resolution.TotalSeconds / 4);
        var holder = ClockHolder.Vendor;
        for (var step = 0; step < MaxMomentsAfterResponse; step++)
        {
            at = Working(at + Scaled(cadence, factor * (0.2 + random.NextDouble() * 1.1)));
            if (at >= now)
            {
                break;
            }
            var draw = random.NextDouble();
            (string Status, ClockHolder Holder, bool IsUpdate) next = holder switch
            {
                ClockHolder.Customer => ("IN_PROGRESS", ClockHolder.Vendor, true),     // the customer's answer
                ClockHolder.ThirdParty => ("IN_PROGRESS", ClockHolder.Vendor, true),   // the third party's wait ended
                ClockHolder.None => ("IN_PROGRESS", ClockHolder.Vendor, true),         // reopened by the customer
                _ when draw < 0.45 => ("IN_PROGRESS", ClockHolder.Vendor, true),       // a public comment
                _ when draw < 0.60 => ("IN_PROGRESS", ClockHolder.Vendor, false),      // assigned to an engineer
                _ when draw < 0.85 => ("AWAITING_CUSTOMER", ClockHolder.Customer, true),
                _ when draw < 0.95 => ("IN_PROGRESS", ClockHolder.ThirdParty, true),
                _ => ("RESOLVED", ClockHolder.None, true),
            };
            moments.Add(new(++version, at, next.Status, next.Holder, true, next.IsUpdate));
            holder = next.Holder;
        }
        if (holder == ClockHolder.None)
        {
            // Only open clocks: a resolution the customer has not reopened yet is left out.
            moments.RemoveAt(moments.Count - 1);
        }
        return moments;
    }

    /// <summary>Whole milliseconds, as the case events' timestamps are: the stored text keeps 100 ns, an <see cref="Instant"/> 1 ns.</summary>
    private static Duration Scaled(Duration duration, double factor) => Duration.FromMilliseconds(Math.Round(duration.TotalMilliseconds * factor));

    private static List<ContractWorkingHours> Weekdays(string start, string end) =>
        [.. Enumerable.Range(1, 5).Select(day => new ContractWorkingHours(day, start, end))];

    private static string Pick(Random random, params (string Value, double Share)[] choices)
    {
        var draw = random.NextDouble();
        foreach (var (value, share) in choices)
        {
            if ((draw -= share) < 0)
            {
                return value;
            }
        }
        return choices[^1].Value;
    }

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return new Guid(bytes);
    }

    private static object Text(Instant? instant) =>
        instant is { } value ? DapperTypeHandlers.ToSqliteText(value.ToDateTimeOffset()) : DBNull.Value;

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var index = 1; index <= parameters; index++)
        {
            command.Parameters.Add(new SqliteParameter("$" + index, null));
        }
        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var index = 0; index < values.Length; index++)
        {
            command.Parameters[index].Value = values[index] ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }
}
