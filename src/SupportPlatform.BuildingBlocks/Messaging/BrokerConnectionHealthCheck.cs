using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace SupportPlatform.BuildingBlocks.Messaging;

/// <summary>
/// Readiness: Unhealthy unless the broker answers and every receive endpoint of the bus consumes.
/// MassTransit's own check calls a lost broker "Degraded", which grpc.health.v1 and /health both
/// answer as serving, and a bus that only publishes (identity) has no endpoint to lose, so a
/// service whose events had stopped flowing looked healthy. The broker is probed with a round trip
/// (a channel opened and closed) over one AMQP connection of this check's own (with a cluster, to
/// any node of it that answers), kept open between probes, at most once per
/// <see cref="Freshness"/> whoever asks. Tagged <c>ready</c>: it never counts for liveness (a
/// process is not restarted because the broker is away; it reconnects by itself).
/// A change of readiness is logged once (Warning when lost, Information when back), not per probe.
/// </summary>
public sealed class BrokerConnectionHealthCheck(
    IBusControl bus, string connectionString, IReadOnlyList<AmqpTcpEndpoint> clusterNodes, string serviceName, ILogger<BrokerConnectionHealthCheck> logger) : IHealthCheck, IAsyncDisposable
{
    public const string Name = "broker";

    /// <summary>
    /// How long one probe's answer serves every probe that asks: health is open to anyone and
    /// probed by the orchestrator, the dashboard and load balancers, and none of them may turn
    /// into a round trip to the broker per call (concurrent probes share the one in flight too).
    /// </summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The machine's clock, not the service's TimeProvider: the budget and the freshness bound
    /// network round trips, which a test's fake clock does not move.
    /// </summary>
    private static readonly TimeProvider RealTime = TimeProvider.System;

    /// <summary>
    /// How long a probe may take. A broker that does not answer within it is as good as away; a
    /// probe must also answer well before an orchestrator's own probe deadline.
    /// </summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim connecting = new(1, 1);
    private readonly Lock gate = new();
    private IConnection? probe;
    private int ready = 1;
    private Task<HealthCheckResult>? latest;
    private long latestStarted;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (latest is null || (latest.IsCompleted && RealTime.GetElapsedTime(latestStarted) >= Freshness))
            {
                latestStarted = RealTime.GetTimestamp();
                latest = CheckAsync();
            }
            return latest.WaitAsync(cancellationToken);
        }
    }

    private async Task<HealthCheckResult> CheckAsync()
    {
        var result = await ProbeAsync();
        var isReady = result.Status == HealthStatus.Healthy;
        if (Interlocked.Exchange(ref ready, isReady ? 1 : 0) != (isReady ? 1 : 0))
        {
            if (isReady)
            {
                logger.LogInformation("Ready again: {Description}", result.Description);
            }
            else
            {
                logger.LogWarning("Not ready: {Description}", result.Description);
            }
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (probe is not null)
        {
            await probe.DisposeAsync();
        }
        connecting.Dispose();
    }

    /// <summary>One probe, shared by every caller that asks while it runs: no caller's cancellation ends it, its budget does.</summary>
    private async Task<HealthCheckResult> ProbeAsync()
    {
        using var budget = new CancellationTokenSource(Budget, RealTime);
        string? reason;
        try
        {
            reason = await UnreachableAsync(budget.Token);
        }
        catch (OperationCanceledException)
        {
            reason = $"no answer within {Budget.TotalSeconds:0} s";
        }
        if (reason is not null)
        {
            return HealthCheckResult.Unhealthy($"The broker does not answer ({reason}): events wait in the outbox and nothing is consumed until it is back.");
        }
        var waiting = bus.CheckHealth().Endpoints
            .Where(endpoint => endpoint.Value.Status != BusHealthStatus.Healthy)
            .Select(endpoint => endpoint.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        return waiting.Count == 0
            ? HealthCheckResult.Healthy("Connected to the broker; events flow.")
            : HealthCheckResult.Unhealthy($"The broker answers, but {waiting.Count} queue(s) are not consumed yet: {string.Join(", ", waiting)}.");
    }

    /// <summary>
    /// Null when the broker answers a round trip on the probe connection (opened if needed), else
    /// why not. An open connection alone proves nothing: a proxy in front of the broker (the
    /// AppHost's) can keep the client's side open after the node behind it died.
    /// </summary>
    private async Task<string?> UnreachableAsync(CancellationToken cancellationToken)
    {
        await connecting.WaitAsync(cancellationToken);
        try
        {
            if (probe is { IsOpen: true } && await AnswersAsync(probe, cancellationToken))
            {
                return null;
            }
            if (probe is not null)
            {
                await probe.DisposeAsync();
                probe = null;
            }
            // Reopened by the next probe rather than recovered: IsOpen then tells the truth at once.
            probe = await DirectBrokerConnection.OpenAsync(connectionString, clusterNodes, $"{serviceName}-readiness", TimeSpan.FromSeconds(2), cancellationToken);
            return null;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's own text may name hosts and credentials' user; the kind says enough.
            return exception.GetType().Name;
        }
        finally
        {
            connecting.Release();
        }
    }

    /// <summary>Opens and closes a channel: two round trips the broker itself must answer.</summary>
    private static async Task<bool> AnswersAsync(IConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.CloseAsync(cancellationToken);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
