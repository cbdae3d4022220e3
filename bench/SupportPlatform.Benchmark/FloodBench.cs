using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using SupportPlatform.Cases.V1;
using SupportPlatform.Common.V1;
using SupportPlatform.Identity.V1;

using static SupportPlatform.Benchmark.BenchRequests;

namespace SupportPlatform.Benchmark;

/// <summary>
/// The flood scenario: one tenant floods SubmitCase at ten times its rate limit while another
/// tenant submits at a steady rate within its own; the steady tenant's SubmitCase p99 with the
/// flood is compared with its p99 alone, in alternating phases (three of each) in one run.
/// </summary>
public static class FloodBench
{
    public const string Scenario = "flood";

    /// <summary>Each tenant's limit in this scenario: requests per second, and the burst.</summary>
    private const int Limit = 20;

    /// <summary>The flood: ten times the limit.</summary>
    private const int FloodRate = 10 * Limit;

    /// <summary>The steady tenant, inside its limit.</summary>
    private const int SteadyRate = 15;

    private const int Rounds = 3;
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>The issue's bound: the flood raises the other tenant's p99 by less than this.</summary>
    private const double MaxIncrease = 0.20;

    public static async Task<IReadOnlyList<TargetRow>> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var settings = new Dictionary<string, string>(BenchStack.Unlimited)
        {
            ["RateLimiting__Tenant__PermitsPerSecond"] = $"{Limit}",
            ["RateLimiting__Tenant__Burst"] = $"{Limit}",
        };
        await using var stack = await BenchStack.StartAsync(settings);
        var cpu = new CpuMeter(() => stack.Processes);
        Console.WriteLine($"flood: started the services as processes in {clock.Elapsed.TotalSeconds:F1} s; every tenant's limit " +
            $"{Limit} requests/s (bursts of {Limit}); the flooding tenant submits at {FloodRate}/s, the steady one at {SteadyRate}/s");

        using var identity = GrpcChannel.ForAddress(stack.Identity.Address);
        using var casesChannel = GrpcChannel.ForAddress(stack.Cases.Address);
        var cases = new CaseService.CaseServiceClient(casesChannel);
        var tokens = new TokenService.TokenServiceClient(identity);
        var admin = Bearer((await tokens.IssueTokenAsync(new IssueTokenRequest
        {
            GrantType = GrantType.ClientCredentials, ClientId = "bootstrap-admin", ClientSecret = BenchStack.BootstrapSecret,
        })).AccessToken);
        var steady = await AgentAsync(identity, tokens, admin, "Steady customer");
        var flooder = await AgentAsync(identity, tokens, admin, "Flooding customer");

        // Warm-up, not counted: the first phases pay for JIT and first connections.
        await PhaseAsync(cases, steady, flooder: null, cpu, "warm-up, alone", Warmup);
        await PhaseAsync(cases, steady, flooder, cpu, "warm-up, flooded", Warmup);
        var rows = new List<(double Alone, double Flooded)>();
        for (var round = 1; round <= Rounds; round++)
        {
            var alone = await PhaseAsync(cases, steady, flooder: null, cpu, $"round {round}, alone", Phase);
            var flooded = await PhaseAsync(cases, steady, flooder, cpu, $"round {round}, flooded", Phase);
            rows.Add((alone, flooded));
        }
        var increases = rows.Select(row => row.Flooded / row.Alone - 1).Order().ToList();
        var median = increases[increases.Count / 2];
        Console.WriteLine($"steady tenant's SubmitCase p99, flooded vs alone: {string.Join(", ", rows.Select(row => $"{row.Flooded:F1} vs {row.Alone:F1} ms ({row.Flooded / row.Alone - 1:+0%;-0%})"))}; median {median:+0%;-0%}");
        return [new TargetRow("another tenant's SubmitCase p99 under a 10× flood", $"{median:+0.0%;-0.0%} (median of {Rounds})", $"< +{MaxIncrease:0%}", median < MaxIncrease)];
    }

    /// <summary>One phase: the steady tenant's p99 (its first <see cref="Settle"/> left out), and the flood's outcome.</summary>
    private static async Task<double> PhaseAsync(CaseService.CaseServiceClient cases, Metadata steady, Metadata? flooder, CpuMeter cpu, string name, TimeSpan phase)
    {
        var before = cpu.Take();
        var steadyCount = (int)(SteadyRate * phase.TotalSeconds);
        var steadyRun = Load.OpenLoopAsync(SteadyRate, steadyCount, async _ =>
        {
            var began = Stopwatch.GetTimestamp();
            await cases.SubmitCaseAsync(Case(Priority.P2), steady);
            return Load.Milliseconds(began, Stopwatch.GetTimestamp());
        });
        var floodRun = flooder is null
            ? Task.FromResult((Results: new List<StatusCode>(), MaxStartLagMs: 0.0))
            : Load.OpenLoopAsync(FloodRate, (int)(FloodRate * phase.TotalSeconds), async _ =>
            {
                try
                {
                    await cases.SubmitCaseAsync(Case(Priority.P2), flooder);
                    return StatusCode.OK;
                }
                catch (RpcException exception)
                {
                    return exception.StatusCode;
                }
            });
        var (latencies, lag) = await steadyRun;
        var (flood, _) = await floodRun;
        var measured = new Measurement(name, phase - Settle, [.. latencies.Skip((int)(SteadyRate * Settle.TotalSeconds))], 0, null);
        var outcome = flood.Count == 0 ? "no flood" :
            $"flood: {flood.Count(code => code == StatusCode.OK)} served, {flood.Count(code => code == StatusCode.ResourceExhausted)} RESOURCE_EXHAUSTED" +
            $"{(flood.Any(code => code is not (StatusCode.OK or StatusCode.ResourceExhausted)) ? $", {flood.Count(code => code is not (StatusCode.OK or StatusCode.ResourceExhausted))} other" : "")}";
        Console.WriteLine($"  {name,-20} steady SubmitCase n={measured.Count} p50 {measured.P50:F1} ms p99 {measured.P99:F1} ms " +
            $"(start lag ≤ {lag:F0} ms); {outcome}; cores: {CpuMeter.Describe(before, cpu.Take())}");
        return measured.P99;
    }

    private static async Task<Metadata> AgentAsync(GrpcChannel identity, TokenService.TokenServiceClient tokens, Metadata admin, string name)
    {
        var organization = (await new OrganizationService.OrganizationServiceClient(identity).RegisterOrganizationAsync(new RegisterOrganizationRequest
        {
            Name = name, Plan = SupportPlan.Premium, Deployment = Deployment.Cloud, TimeZone = "Europe/Amsterdam",
        }, admin)).Organization;
        var email = $"agent-{Guid.NewGuid():N}@flood-benchmark.example";
        const string password = "a-long-benchmark-password";
        await new PeopleService.PeopleServiceClient(identity).RegisterPersonAsync(new RegisterPersonRequest
        {
            OrganizationId = organization.OrganizationId, DisplayName = $"{name} agent", Email = email, Phone = "+31201234567",
            Roles = { Role.L1Agent }, Password = password, TrainingExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
        }, admin);
        return Bearer((await tokens.IssueTokenAsync(new IssueTokenRequest { GrantType = GrantType.Password, Username = email, Password = password })).AccessToken);
    }
}
