using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace SupportPlatform.EndToEnd.Tests;

/// <summary>
/// Faults done to a running AppHost from outside, as an operator's mistake or a crash would:
/// SIGKILL of a resource's processes, and whether the broker answers AMQP at its endpoint.
/// </summary>
public static class Faults
{
    /// <summary>The process id DCP reports for a resource (the dashboard's "Process ID").</summary>
    public static int ProcessId(DistributedApplication app, string resource)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(resource, out var state) || state is null)
        {
            throw new InvalidOperationException($"No state for resource '{resource}'.");
        }
        var pid = state.Snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value;
        return pid is not null && int.TryParse(pid.ToString(), out var id)
            ? id
            : throw new InvalidOperationException($"'{resource}' reports no process id; its properties: " +
                string.Join(", ", state.Snapshot.Properties.Select(property => property.Name)));
    }

    /// <summary>SIGKILL of a resource's process and everything it started (dotnet run's app too).</summary>
    public static void KillResource(DistributedApplication app, string resource)
    {
        var root = ProcessId(app, resource);
        foreach (var pid in Descendants(root).Reverse().Append(root))
        {
            Kill(pid);
        }
    }

    /// <summary>
    /// SIGKILL of the Erlang VM of the broker resource's node (beam.smp), as a crash would end it;
    /// the resource's own script stays, as DCP still sees it running.
    /// </summary>
    public static int KillBrokerNode(DistributedApplication app, string resource = "messaging")
    {
        var beams = Descendants(ProcessId(app, resource)).Where(pid => CommandName(pid) == "beam.smp").ToList();
        Assert.True(beams.Count == 1, $"expected one beam.smp below '{resource}', found {beams.Count}");
        Kill(beams[0]);
        return beams[0];
    }

    /// <summary>
    /// True when an AMQP broker answers at the address: it replies to the protocol header with a
    /// Connection.Start frame. A proxy with nothing behind it accepts and then closes the connection.
    /// </summary>
    public static async Task<bool> AmqpAnswersAsync(Uri amqp)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(amqp.Host, amqp.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token);
            var frame = new byte[1];
            // Frame type 1 (method): Connection.Start.
            return await stream.ReadAsync(frame, timeout.Token) == 1 && frame[0] == 1;
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static IEnumerable<int> Descendants(int root)
    {
        var children = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => int.TryParse(name, out _))
            .Select(name => (Pid: int.Parse(name!), Parent: ParentOf(int.Parse(name!))))
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

    private static int ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException)
        {
            return -1; // ended meanwhile
        }
    }

    private static string CommandName(int pid)
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

    private static void Kill(int pid)
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
}
