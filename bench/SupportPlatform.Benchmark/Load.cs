using System.Diagnostics;
using Grpc.Core;

namespace SupportPlatform.Benchmark;

/// <summary>What one measurement saw: completed calls inside the window, their latencies, errors.</summary>
public sealed class Measurement(string name, TimeSpan window, List<double> latenciesMs, int errors, string? firstError)
{
    private readonly double[] sorted = [.. latenciesMs.Order()];

    public string Name { get; } = name;

    public TimeSpan Window { get; } = window;

    public int Count => sorted.Length;

    public int Errors { get; } = errors;

    public string? FirstError { get; } = firstError;

    public double PerSecond => Count / Window.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    /// <summary>The share of calls that took at least <paramref name="milliseconds"/>.</summary>
    public double ShareAtLeast(double milliseconds) =>
        sorted.Length == 0 ? 0 : sorted.Count(latency => latency >= milliseconds) / (double)sorted.Length;

    /// <summary>Several windows of the same call as one measurement: their calls, windows and errors added up.</summary>
    public static Measurement Combine(string name, IReadOnlyList<Measurement> parts) =>
        new(name, TimeSpan.FromTicks(parts.Sum(part => part.Window.Ticks)), [.. parts.SelectMany(part => part.sorted)],
            parts.Sum(part => part.Errors), parts.Select(part => part.FirstError).FirstOrDefault(error => error is not null));

    /// <summary>Nearest-rank percentile, in milliseconds.</summary>
    public double Percentile(double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public static class Load
{
    public static double Milliseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / Stopwatch.Frequency;

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> workers, each starting its next call when the
    /// previous one returns, so exactly that many calls are in flight. Calls during
    /// <paramref name="warmup"/> are not counted; a call counts when it starts and ends inside
    /// the window that follows.
    /// </summary>
    public static async Task<Measurement> ClosedLoopAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + Ticks(warmup);
        var measureTo = measureFrom + Ticks(duration);
        var latencies = new List<double>[concurrency];
        var errors = 0;
        string? firstError = null;
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(16_384);
            while (true)
            {
                var began = Stopwatch.GetTimestamp();
                if (began >= measureTo)
                {
                    return;
                }
                try
                {
                    await call(worker);
                    var ended = Stopwatch.GetTimestamp();
                    if (began >= measureFrom && ended <= measureTo)
                    {
                        mine.Add(Milliseconds(began, ended));
                    }
                }
                catch (RpcException exception)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, $"{exception.StatusCode}: {exception.Status.Detail}", null);
                    // A failing endpoint must not turn into a busy loop.
                    await Task.Delay(10);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        return new Measurement(name, duration, [.. latencies.SelectMany(list => list)], errors, firstError);
    }

    /// <summary>
    /// Closed loops of <paramref name="a"/> and <paramref name="b"/> in alternating windows, in the
    /// order A B, B A, A B … (so that a drift of the machine during a pair favours neither), each
    /// window with its own warm-up. Returns each call's windows together and the ratio B/A of each pair.
    /// </summary>
    public static async Task<Alternated> AlternatingAsync(int rounds, int concurrency, TimeSpan warmup, TimeSpan window, Func<int, Task> a, Func<int, Task> b)
    {
        var (ofA, ofB, ratios) = (new List<Measurement>(), new List<Measurement>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            Measurement first;
            Measurement second;
            if (round % 2 == 0)
            {
                first = await ClosedLoopAsync("A", concurrency, warmup, window, a);
                second = await ClosedLoopAsync("B", concurrency, warmup, window, b);
                ofA.Add(first);
                ofB.Add(second);
                ratios.Add(second.PerSecond / first.PerSecond);
            }
            else
            {
                first = await ClosedLoopAsync("B", concurrency, warmup, window, b);
                second = await ClosedLoopAsync("A", concurrency, warmup, window, a);
                ofB.Add(first);
                ofA.Add(second);
                ratios.Add(first.PerSecond / second.PerSecond);
            }
        }
        return new Alternated(Measurement.Combine("A", ofA), Measurement.Combine("B", ofB), ratios);
    }

    /// <summary>
    /// Open loop: starts job <c>i</c> at <c>i / rate</c> seconds whether or not earlier jobs have
    /// finished, and awaits them all. Returns the jobs' results and how late the latest start was.
    /// </summary>
    public static async Task<(List<T> Results, double MaxStartLagMs)> OpenLoopAsync<T>(double ratePerSecond, int count, Func<int, Task<T>> job)
    {
        var start = Stopwatch.GetTimestamp();
        var jobs = new List<Task<T>>(count);
        var maxLag = 0.0;
        for (var index = 0; index < count; index++)
        {
            var due = start + (long)(index / ratePerSecond * Stopwatch.Frequency);
            var wait = Milliseconds(Stopwatch.GetTimestamp(), due);
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }
            while (Stopwatch.GetTimestamp() < due)
            {
                Thread.SpinWait(50);
            }
            maxLag = Math.Max(maxLag, Milliseconds(due, Stopwatch.GetTimestamp()));
            var number = index;
            jobs.Add(Task.Run(() => job(number)));
        }
        return ([.. await Task.WhenAll(jobs)], maxLag);
    }
}
