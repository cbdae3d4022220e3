using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportPlatform.BuildingBlocks.Grpc;

namespace SupportPlatform.Tests.Services;

/// <summary>The clients services keep for each other, against a real gRPC server that fails on purpose.</summary>
public sealed class ServiceClientTests : IDisposable
{
    /// <summary>Answers UNAVAILABLE to the first <see cref="Failures"/> calls, then SERVING; records each call's deadline.</summary>
    private sealed class FlakyHealth : Health.HealthBase
    {
        public int Failures { get; set; }
        public List<DateTime> Deadlines { get; } = [];

        public override Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
        {
            lock (Deadlines)
            {
                Deadlines.Add(context.Deadline);
                if (Deadlines.Count <= Failures)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "warming up"));
                }
            }
            return Task.FromResult(new HealthCheckResponse { Status = HealthCheckResponse.Types.ServingStatus.Serving });
        }
    }

    /// <summary>Answers by asking the next server, through a client registered with <see cref="ServiceClientExtensions.AddServiceClient{TClient}"/>.</summary>
    private sealed class RelayingHealth(Health.HealthClient next) : Health.HealthBase
    {
        // No deadline or token passed here on purpose: propagation must supply the serving call's.
        public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context) =>
            await next.CheckAsync(request);
    }

    private static async Task<(WebApplication Server, FlakyHealth Health, Uri Address)> StartServerAsync(int failures)
    {
        var health = new FlakyHealth { Failures = failures };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(health);
        var server = builder.Build();
        server.MapGrpcService<FlakyHealth>();
        await server.StartAsync();
        return (server, health, new Uri(server.Urls.First()));
    }

    /// <summary>Hosts that own the clients under test; disposed with the test class.</summary>
    private readonly List<IHost> clientHosts = [];

    private Health.HealthClient Client(Uri address, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddServiceClient<Health.HealthClient>(address);
        var host = builder.Build();
        clientHosts.Add(host);
        return host.Services.GetRequiredService<Health.HealthClient>();
    }

    public void Dispose()
    {
        foreach (var host in clientHosts)
        {
            host.Dispose();
        }
    }

    [Fact]
    public async Task UnavailableAnswers_AreRetriedByTheChannel_UpToTheAttemptLimit()
    {
        var (server, health, address) = await StartServerAsync(failures: 3);
        await using var _ = server;

        var answer = await Client(address).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
        Assert.Equal(4, health.Deadlines.Count);

        health.Deadlines.Clear();
        health.Failures = 10;
        var gaveUp = await Assert.ThrowsAsync<RpcException>(() => Client(address).CheckAsync(new HealthCheckRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, gaveUp.StatusCode);
        Assert.Equal(new ServiceCallOptions().MaxAttempts, health.Deadlines.Count);
    }

    [Fact]
    public async Task EveryCall_CarriesTheDefaultDeadline_UnlessItSetsAnEarlierOne()
    {
        var (server, health, address) = await StartServerAsync(failures: 0);
        await using var _ = server;
        var client = Client(address, new() { ["ServiceCalls:Deadline"] = "00:00:30" });

        var before = DateTime.UtcNow;
        await client.CheckAsync(new HealthCheckRequest());
        var own = before.AddSeconds(3);
        await client.CheckAsync(new HealthCheckRequest(), deadline: own);
        await client.CheckAsync(new HealthCheckRequest(), deadline: before.AddMinutes(5));

        // The server sees the deadline the client sent (to the millisecond on the wire).
        Assert.InRange(health.Deadlines[0], before.AddSeconds(29), before.AddSeconds(31));
        Assert.InRange(health.Deadlines[1], own.AddSeconds(-1), own.AddSeconds(1));
        Assert.InRange(health.Deadlines[2], before.AddSeconds(29), before.AddSeconds(31));
    }

    [Fact]
    public async Task ACallMadeWhileServing_InheritsTheServingCallsDeadline()
    {
        var (inner, health, innerAddress) = await StartServerAsync(failures: 0);
        await using var _ = inner;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.AddServiceClient<Health.HealthClient>(innerAddress);
        await using var outer = builder.Build();
        outer.MapGrpcService<RelayingHealth>();
        await outer.StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(2);
        await Client(new Uri(outer.Urls.First())).CheckAsync(new HealthCheckRequest(), deadline: deadline);

        // The inner call carried the outer call's deadline, not the 5 s default.
        Assert.InRange(Assert.Single(health.Deadlines), deadline.AddSeconds(-1), deadline.AddSeconds(1));
    }
}
