using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using static SupportPlatform.Tests.Shared.ProcessTree;

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
}
