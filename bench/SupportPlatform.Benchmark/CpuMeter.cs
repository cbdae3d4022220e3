using System.Diagnostics;
using System.Globalization;

namespace SupportPlatform.Benchmark;

/// <summary>
/// CPU time (user + system) of each started process and its descendants, read from
/// <c>/proc/&lt;pid&gt;/stat</c>, plus the benchmark's own: the evidence of where the cores went
/// during a phase, and what the rest of the machine took meanwhile ("other").
/// </summary>
public sealed class CpuMeter(Func<IEnumerable<(string Name, int Pid)>> processes)
{
    private static readonly double TicksPerSecond = ClockTicks();

    public sealed record Sample(long Timestamp, Dictionary<string, double> Seconds);

    public Sample Take()
    {
        var parents = new Dictionary<int, int>();
        var cpu = new Dictionary<int, double>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // Fields after the command name, which is in parentheses and may contain spaces.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                cpu[pid] = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        var children = parents.GroupBy(pair => pair.Value).ToDictionary(group => group.Key, group => group.Select(pair => pair.Key).ToList());
        double Tree(int pid) => cpu.GetValueOrDefault(pid) + children.GetValueOrDefault(pid, []).Sum(Tree);

        var seconds = processes().ToDictionary(process => process.Name, process => process.Pid == 0 ? 0 : Tree(process.Pid));
        seconds["client"] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        // Everything else on the machine (the first line of /proc/stat: busy time of all cores).
        var all = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(field => double.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var busy = (all.Sum() - all[3] - all[4]) / TicksPerSecond;
        seconds["other"] = busy - seconds.Values.Sum();
        return new Sample(Stopwatch.GetTimestamp(), seconds);
    }

    /// <summary>Cores used by each process between two samples, e.g. "cases 0.92 · identity 0.41 · … · total 1.97".</summary>
    public static string Describe(Sample before, Sample after)
    {
        var wall = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        var used = after.Seconds.Keys
            .Select(name => (Name: name, Cores: (after.Seconds[name] - before.Seconds.GetValueOrDefault(name)) / wall))
            .Where(entry => entry.Cores >= 0)
            .OrderByDescending(entry => entry.Cores)
            .ToList();
        return string.Join(" · ", used.Select(entry => $"{entry.Name} {entry.Cores:F2}")) + $" · total {used.Sum(entry => entry.Cores):F2} of {Environment.ProcessorCount}";
    }

    /// <summary>
    /// CPU time per unit of work between two samples, in microseconds, for each process named
    /// (the broker's nodes by their prefix), largest first, and their total.
    /// </summary>
    public static (double Total, IReadOnlyList<(string Name, double Micros)> Shares) PerUnit(Sample before, Sample after, long units, IReadOnlyCollection<string> names)
    {
        var shares = after.Seconds.Keys
            .Where(name => names.Any(wanted => name == wanted || name.StartsWith(wanted + "-", StringComparison.Ordinal)))
            .Select(name => (Name: name, Micros: (after.Seconds[name] - before.Seconds.GetValueOrDefault(name)) * 1e6 / Math.Max(1, units)))
            .OrderByDescending(share => share.Micros)
            .ToList();
        return (shares.Sum(share => share.Micros), shares);
    }

    /// <summary>Cores the processes named used together between two samples.</summary>
    public static double Cores(Sample before, Sample after, IReadOnlyCollection<string> names)
    {
        var wall = (after.Timestamp - before.Timestamp) / (double)Stopwatch.Frequency;
        return PerUnit(before, after, 1, names).Total / 1e6 / wall;
    }

    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or FormatException)
        {
            return 100;
        }
    }
}
