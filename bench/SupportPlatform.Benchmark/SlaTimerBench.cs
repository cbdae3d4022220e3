extern alias escalation;

using System.Diagnostics;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Messaging;
using escalation::SupportPlatform.Escalation.Application;
using escalation::SupportPlatform.Escalation.Data;
using escalation::SupportPlatform.Escalation.Domain;

namespace SupportPlatform.Benchmark;

/// <summary>
/// The SLA timers at scale (issue 8): an escalation database — a SQLite file migrated by the
/// service's own <see cref="Migrator"/> — with 100,000 open case clocks (<see cref="SlaClockSeed"/>),
/// and the service's real <see cref="SlaTimers.RunOnceAsync"/>, built from the real classes
/// (<see cref="Database"/>, <see cref="ClockKeeper"/>, <see cref="Outbox"/>) on a clock the
/// benchmark sets. Each pass runs at the instant by which the next 1 % of the clocks' timers have
/// come due; it measures the pass, what it evaluated and raised, the indexed "find due" query
/// alone, and the process's memory before and after consecutive passes. No broker, no other
/// service: nothing but the timers and their database.
/// </summary>
public static class SlaTimerBench
{
    public const string Scenario = "sla-timers";

    private const int Clocks = 100_000;
    private const double DueShare = 0.01;
    private const int Passes = 5;
    private const int QueryRepeats = 21;
    private const int SeedCheckSample = 1_000;

    /// <summary>Wednesday 20 January 2027, 11:00 UTC: the instant the clocks were last evaluated at.</summary>
    private static readonly DateTimeOffset SeedTime = new(2027, 1, 20, 11, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan PassTarget = TimeSpan.FromSeconds(1);

    /// <summary>Runs the scenario, prints its figures and returns its rows of the target table.</summary>
    public static async Task<IReadOnlyList<TargetRow>> RunAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sp-bench-sla-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            return await RunAsync(Path.Combine(directory, "escalationdb.db"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<TargetRow>> RunAsync(string file)
    {
        var perPass = (int)(Clocks * DueShare);
        Console.WriteLine($"SLA timers ({Environment.ProcessorCount} cores, load average {LoadAverage()}): {Clocks:N0} open case clocks in an escalation database (SQLite, migrated by the service's Migrator), " +
            $"{Passes} consecutive passes of SlaTimers.RunOnceAsync ({SlaTimers.ClocksPerTransaction} clocks per transaction), each when the next {DueShare:P0} ({perPass:N0}) " +
            "of the stored timers have come due (plus the timers earlier passes set inside that window)");
        DapperTypeHandlers.Register();
        var database = new Database(DatabaseProvider.Sqlite, $"Data Source={file}");
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync(typeof(escalation::Program).Assembly, "escalation");
        var seed = await SlaClockSeed.BuildAsync(database, file, Clocks, SeedTime, SeedCheckSample);
        Console.WriteLine(seed.Summary);
        Console.WriteLine($"  {await SeedCheckAsync(database, seed.Sample)}");

        var settings = new SlaTimerOptions();
        var clock = new PassClock(SeedTime);
        var logger = new CountingLogger<SlaTimers>();
        var outbox = new Outbox(new OutboxSignal(), clock);
        var timers = new SlaTimers(database, new ClockKeeper(outbox, new CaseEscalations(database, outbox, clock, Options.Create(new EscalationOptions()))), outbox, clock, Options.Create(settings), logger);
        var passAt = Enumerable.Range(1, Passes).Select(pass => seed.NextChecks[pass * perPass - 1]).ToArray();

        // The "find due" query alone, as a pass sends it, at the first pass's instant.
        var query = await MeasureDueQueryAsync(database, passAt[0], settings.BatchSize);
        Console.WriteLine($"  find due (ClockStore.DueAsync, index ix_sla_clocks_next_check) at {passAt[0]:HH:mm:ss}: first batch of {query.BatchRows} rows " +
            $"(LIMIT {settings.BatchSize}) median {query.BatchMs:F2} ms; all {query.AllRows:N0} due rows median {query.AllMs:F2} ms; " +
            $"the same query forced to scan the table (NOT INDEXED, evidence) {query.ScanMs:F1} ms");
        Console.WriteLine($"  query plan: {query.Plan}");

        var before = Memory.Take();
        Console.WriteLine($"  memory before the passes: GC heap {before.HeapMb:F1} MB (live, after a full collection), working set {before.WorkingSetMb:F1} MB");
        var results = new List<PassResult>();
        foreach (var at in passAt)
        {
            results.Add(await RunPassAsync(database, timers, clock, at));
            var result = results[^1];
            Console.WriteLine($"  pass {results.Count} at {at:HH:mm:ss} ({(at - SeedTime).TotalMinutes:F1} min after the seed): {result.Milliseconds:F0} ms " +
                $"({result.Milliseconds * 1000 / Math.Max(1, result.Evaluated):F0} µs per clock, CPU {result.CpuMilliseconds:F0} ms), " +
                $"{result.Due:N0} due, {result.Evaluated:N0} evaluated, raised {result.Warnings:N0} warnings + {result.Breaches:N0} breaches " +
                $"(outbox rows; sla_alerts raised {result.AlertsRaised:N0}, dropped {result.AlertsDropped:N0}), still due after it {result.StillDue}; " +
                $"allocated {result.AllocatedMb:F1} MB; after it GC heap {result.Memory.HeapMb:F1} MB, working set {result.Memory.WorkingSetMb:F1} MB");
        }

        // Exactly once: the same instant again finds nothing due and raises nothing.
        var repeat = await RunPassAsync(database, timers, clock, passAt[^1]);
        Console.WriteLine($"  the last pass repeated at the same instant: {repeat.Milliseconds:F0} ms, {repeat.Evaluated} evaluated, {repeat.Warnings + repeat.Breaches} raised");
        long outboxRows, raisedAlerts, escalations;
        await using (var connection = await database.OpenAsync())
        {
            outboxRows = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM outbox_messages WHERE message_type IN ('SlaWarningReached', 'SlaBreached')");
            escalations = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'CaseEscalated'");
            raisedAlerts = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sla_alerts WHERE raised = 1 AND decided_at > @Seed", new { Seed = SeedTime });
        }
        Console.WriteLine($"  over all passes: {outboxRows:N0} warning and breach outbox rows for {raisedAlerts:N0} alerts recorded as raised " +
            $"(and {escalations:N0} escalations the breaches set off); clocks that failed to evaluate: {logger.Errors}" +
            (logger.FirstError is null ? "" : $" (first: {logger.FirstError})"));

        Console.WriteLine($"  load average after the passes: {LoadAverage()}");
        var slowest = results.MaxBy(result => result.Milliseconds)!;
        var first = results[0].Memory;
        var last = results[^1].Memory;
        var heapGrowth = (last.HeapMb - first.HeapMb) / first.HeapMb;
        var workingSetGrowth = (last.WorkingSetMb - first.WorkingSetMb) / first.WorkingSetMb;
        var rows = new List<TargetRow>
        {
            new($"SLA timer pass, ≥ {DueShare:P0} of {Clocks:N0} due (slowest of {Passes})", $"{slowest.Milliseconds:F0} ms ({slowest.Evaluated:N0} due)", "< 1 s",
                results.All(result => result.Milliseconds < PassTarget.TotalMilliseconds && result.Evaluated >= result.Due && result.StillDue == 0)),
            new($"SLA timer memory, pass 1 → pass {Passes}", $"heap {heapGrowth:+0.0%;-0.0%}, WS {workingSetGrowth:+0.0%;-0.0%}", "flat ±10 %",
                Math.Abs(heapGrowth) <= 0.10 && Math.Abs(workingSetGrowth) <= 0.10),
            new("SLA alerts raised exactly once", $"{outboxRows:N0} rows / {raisedAlerts:N0} alerts", "equal, 0 again",
                outboxRows == raisedAlerts && repeat.Evaluated == 0 && repeat.Warnings + repeat.Breaches == 0 && logger.Errors == 0),
        };
        Console.WriteLine();
        Console.WriteLine(TargetRow.Header);
        rows.ForEach(row => Console.WriteLine(row));
        Console.WriteLine();
        return rows;
    }

    /// <summary>
    /// The seed is what the service would have stored: for a sample of clocks, <see cref="ClockKeeper.LoadAsync"/>
    /// and <see cref="SlaAlerts.Decide"/> at the seed time give the stored timer and nothing left to raise.
    /// </summary>
    private static async Task<string> SeedCheckAsync(Database database, IReadOnlyList<Guid> sample)
    {
        await using var connection = await database.OpenAsync();
        var agree = 0;
        var now = Instant.FromDateTimeOffset(SeedTime);
        foreach (var caseId in sample)
        {
            var snapshot = await ClockKeeper.LoadAsync(connection, null, caseId, SeedTime);
            var decided = (await ClockStore.AlertsAsync(connection, null, caseId))
                .Select(alert => (Targets.Parse(alert.Target), alert.Cycle, Enum.Parse<AlertKind>(alert.Kind))).ToHashSet();
            var decision = SlaAlerts.Decide(snapshot!.Clock, decided, snapshot.Schedule, now);
            if (decision.Raise.Count == 0 && decision.NextCheckAt?.ToDateTimeOffset() == snapshot.Row.NextCheckAt
                && Standings.Name(snapshot.Clock.Standing) == snapshot.Row.Standing)
            {
                agree++;
            }
        }
        return $"seed check: for {agree:N0} of {sample.Count:N0} sampled clocks, ClockKeeper.LoadAsync at the seed time gives the stored standing and timer and nothing left to raise";
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record DueQuery(int BatchRows, double BatchMs, int AllRows, double AllMs, double ScanMs, string Plan);

    private static async Task<DueQuery> MeasureDueQueryAsync(Database database, DateTimeOffset now, int batchSize)
    {
        await using var connection = await database.OpenAsync();
        var batch = await TimeAsync(() => ClockStore.DueAsync(connection, database.Dialect, now, batchSize));
        var all = await TimeAsync(() => ClockStore.DueAsync(connection, database.Dialect, now, Clocks));
        // The production text of the query (ClockStore.DueSql), as the dialect limits it.
        var sql = database.Dialect.Limit((string)typeof(ClockStore).GetField("DueSql", BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!);
        var plan = string.Join("; ", (await connection.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + sql, new { Now = now, Limit = batchSize }))
            .Select(row => row.Item4));
        var scanSql = sql.Replace("FROM sla_clocks", "FROM sla_clocks NOT INDEXED", StringComparison.Ordinal);
        var scan = await TimeAsync(async () => (IReadOnlyList<Guid>)[.. await connection.QueryAsync<Guid>(scanSql, new { Now = now, Limit = batchSize })], repeats: 3);
        return new DueQuery(batch.Rows, batch.Ms, all.Rows, all.Ms, scan.Ms, plan);
    }

    private static async Task<(int Rows, double Ms)> TimeAsync(Func<Task<IReadOnlyList<Guid>>> query, int repeats = QueryRepeats)
    {
        var times = new List<double>();
        var rows = 0;
        for (var run = 0; run < repeats; run++)
        {
            var began = Stopwatch.GetTimestamp();
            rows = (await query()).Count;
            times.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
        }
        return (rows, times.Order().ElementAt(times.Count / 2));
    }

    private sealed record PassResult(double Milliseconds, double CpuMilliseconds, long Due, int Evaluated, long Warnings, long Breaches, long AlertsRaised, long AlertsDropped,
        long StillDue, double AllocatedMb, Memory Memory);

    private static async Task<PassResult> RunPassAsync(Database database, SlaTimers timers, PassClock clock, DateTimeOffset at)
    {
        clock.Now = at;
        long due;
        Counts before;
        await using (var connection = await database.OpenAsync())
        {
            due = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sla_clocks WHERE next_check_at IS NOT NULL AND next_check_at <= @Now", new { Now = at });
            before = await Counts.TakeAsync(connection);
        }
        Memory.Settle();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var began = Stopwatch.GetTimestamp();
        var pass = await timers.RunOnceAsync(CancellationToken.None);
        var milliseconds = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        self.Refresh();
        var cpuMilliseconds = (self.TotalProcessorTime - cpu).TotalMilliseconds;
        var allocatedMb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / 1024.0;
        if (!pass.Leased)
        {
            throw new InvalidOperationException("The pass did not get the sla-timers lease.");
        }
        await using (var connection = await database.OpenAsync())
        {
            var after = await Counts.TakeAsync(connection);
            var stillDue = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sla_clocks WHERE next_check_at IS NOT NULL AND next_check_at <= @Now", new { Now = at });
            return new PassResult(milliseconds, cpuMilliseconds, due, pass.Evaluated, after.Warnings - before.Warnings, after.Breaches - before.Breaches,
                after.Raised - before.Raised, after.Dropped - before.Dropped, stillDue, allocatedMb, Memory.Take());
        }
    }

    /// <summary>Outbox rows by event, and decided alerts.</summary>
    private sealed record Counts(long Warnings, long Breaches, long Raised, long Dropped)
    {
        public static async Task<Counts> TakeAsync(System.Data.Common.DbConnection connection)
        {
            var events = (await connection.QueryAsync<(string Type, long Count)>("SELECT message_type, COUNT(*) FROM outbox_messages GROUP BY message_type"))
                .ToDictionary(row => row.Type, row => row.Count);
            var alerts = (await connection.QueryAsync<(long Raised, long Count)>("SELECT raised, COUNT(*) FROM sla_alerts GROUP BY raised"))
                .ToDictionary(row => row.Raised, row => row.Count);
            return new Counts(events.GetValueOrDefault("SlaWarningReached"), events.GetValueOrDefault("SlaBreached"), alerts.GetValueOrDefault(1), alerts.GetValueOrDefault(0));
        }
    }

    /// <summary>The process's memory: the live GC heap after a full collection, and the working set.</summary>
    private sealed record Memory(double HeapMb, double WorkingSetMb)
    {
        public static void Settle()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        public static Memory Take()
        {
            Settle();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var process = Process.GetCurrentProcess();
            return new Memory(heap / 1024.0 / 1024.0, process.WorkingSet64 / 1024.0 / 1024.0);
        }
    }
}
