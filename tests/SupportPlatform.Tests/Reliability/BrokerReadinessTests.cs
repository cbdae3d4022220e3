using System.Diagnostics;
using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SupportPlatform.Tests.Infrastructure;
using Xunit.Abstractions;
using static Grpc.Health.V1.HealthCheckResponse.Types;
using static SupportPlatform.Tests.Shared.SupportClients;

namespace SupportPlatform.Tests.Reliability;

/// <summary>
/// Readiness reports the broker connection and liveness does not: while the broker is away every
/// service says NOT_SERVING on grpc.health.v1 "" (and 503 on /health), yet SERVING on "liveness"
/// (and 200 on /alive), so an orchestrator sees that events are not flowing without killing anyone;
/// when the broker is back every service is ready again by itself.
/// </summary>
public sealed class BrokerReadinessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task BrokerAway_EveryServiceIsNotReady_ButAlive_AndReadyAgainOnceTheBrokerIsBack()
    {
        // A broker of its own: the test stops it.
        await using var broker = await RabbitMqBroker.StartAsync(requireOwned: true);
        await using var stack = await ServiceStack.StartAsync(broker);
        var services = new Dictionary<string, GrpcChannel>
        {
            ["identity"] = stack.IdentityChannel, ["cases"] = stack.CasesChannel, ["escalation"] = stack.EscalationChannel,
            ["rca"] = stack.RcaChannel, ["notification"] = stack.NotificationChannel,
        };
        using var http = new HttpClient();

        foreach (var (name, channel) in services)
        {
            Assert.Equal(ServingStatus.Serving, await StatusAsync(channel, ""));
            Assert.Equal(ServingStatus.Serving, await StatusAsync(channel, "liveness"));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(stack.JsonAddresses[name], "/health"))).StatusCode);
        }

        await broker.StopAsync();
        var down = Stopwatch.StartNew();
        foreach (var (name, channel) in services)
        {
            await WaitUntilAsync(async () => await StatusAsync(channel, "") == ServingStatus.NotServing,
                TimeSpan.FromSeconds(30), $"{name} is not ready without its broker");
            Assert.Equal(ServingStatus.Serving, await StatusAsync(channel, "liveness"));
            var health = await http.GetAsync(new Uri(stack.JsonAddresses[name], "/health"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(stack.JsonAddresses[name], "/alive"))).StatusCode);
        }
        output.WriteLine($"Every service reported NOT_SERVING {down.Elapsed.TotalSeconds:F1} s after the broker stopped.");

        await broker.RestartAsync();
        var back = Stopwatch.StartNew();
        foreach (var (name, channel) in services)
        {
            await WaitUntilAsync(async () => await StatusAsync(channel, "") == ServingStatus.Serving,
                TimeSpan.FromSeconds(30), $"{name} is ready again once the broker is back");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(stack.JsonAddresses[name], "/health"))).StatusCode);
        }
        output.WriteLine($"Every service was SERVING again {back.Elapsed.TotalSeconds:F1} s after the broker answered.");
    }

    private static async Task<ServingStatus> StatusAsync(GrpcChannel channel, string service) =>
        (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, deadline: DateTime.UtcNow.AddSeconds(5))).Status;
}
