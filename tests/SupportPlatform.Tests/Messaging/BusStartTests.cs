using Grpc.Health.V1;
using SupportPlatform.Tests.Infrastructure;

namespace SupportPlatform.Tests.Messaging;

/// <summary>A service starts serving only once its bus runs, so a clean start logs no Error.</summary>
[Collection(StackCollection.Name)]
public sealed class BusStartTests(StackFixture fixture)
{
    [Fact]
    public async Task CaseService_ListensOnlyOnceItsBusHasStarted_AndAStartLogsNoError()
    {
        var logs = new LogCapture();
        await using var service = fixture.Stack.StartCasesReplica(logs);

        var reply = await new Health.HealthClient(service.Channel).CheckAsync(new HealthCheckRequest());

        // The earliest an orchestrator's probe can reach the service is when it listens; by then
        // the bus, whose health check the probe runs, must be up.
        var entries = logs.Entries.ToList();
        var busStarted = entries.FindIndex(entry => entry.Contains("MassTransit: Bus started", StringComparison.Ordinal));
        var listening = entries.FindIndex(entry => entry.Contains("Now listening on", StringComparison.Ordinal));
        Assert.True(busStarted >= 0 && listening >= 0, "the start-up log shows the bus starting and the server listening");
        Assert.True(busStarted < listening, $"the bus started (entry {busStarted}) before the server listened (entry {listening})");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        Assert.DoesNotContain(entries, entry => entry.StartsWith("Error ", StringComparison.Ordinal) || entry.StartsWith("Critical ", StringComparison.Ordinal));
    }
}
