namespace SupportPlatform.Tests.Shared;

/// <summary>
/// The processes below a process, read from /proc, and SIGKILL of one: the tools of the fault
/// tests and of the fault suite, which end a service or a broker node as a crash would.
/// Shared (as linked source) by the end-to-end tests and the benchmark.
/// </summary>
public static class ProcessTree
{
    /// <summary>Every process started (directly or not) by <paramref name="root"/>, parents first.</summary>
    public static IEnumerable<int> Descendants(int root)
    {
        var children = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => int.Parse(name!, System.Globalization.CultureInfo.InvariantCulture))
            .Select(pid => (Pid: pid, Parent: ParentOf(pid)))
            .ToLookup(process => process.Parent, process => process.Pid);
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in children[parent])
            {
                yield return child;
                pending.Enqueue(child);
            }
        }
    }

    /// <summary>The process's command name (/proc/pid/comm), or "" once it has ended.</summary>
    public static string CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>SIGKILL; a process already gone is left alone.</summary>
    public static void Kill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1; // ended meanwhile
        }
    }
}
