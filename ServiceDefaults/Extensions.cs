using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every service gets: OpenTelemetry where an OTLP endpoint is set (ASP.NET Core, gRPC client,
/// HTTP, runtime, MassTransit and the outbox relay), health checks and service discovery.
/// </summary>
public static class Extensions
{
    /// <summary>The ActivitySource/Meter names of MassTransit (DiagnosticHeaders.DefaultListenerName).</summary>
    private const string MassTransitSource = "MassTransit";

    /// <summary>The ActivitySource and Meter of the outbox (OutboxRelay.ActivitySource, OutboxMetrics.MeterName).</summary>
    private const string OutboxSource = "SupportPlatform.Outbox";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());
        return builder;
    }

    /// <summary>
    /// OpenTelemetry logs, metrics and traces, exported over OTLP — only where there is somewhere
    /// to send them (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, which the AppHost sets for its dashboard).
    /// Without an exporter the SDK would still record every span and instrument every call for
    /// nobody: on the write path that was CPU of its own (README, "Benchmark").
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(MassTransitSource)
                .AddMeter(OutboxSource))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(MassTransitSource)
                .AddSource(OutboxSource)
                .AddAspNetCoreInstrumentation(aspnet =>
                    // Health probes would drown the traces that matter.
                    aspnet.Filter = context => !context.Request.Path.StartsWithSegments("/health")
                        && !context.Request.Path.StartsWithSegments("/alive")
                        && !context.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation())
            .UseOtlpExporter();
        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        // The health check service logs every failing check of every probe at Error; probes come
        // every few seconds, so an outage would bury the log. The checks log their own changes
        // (BrokerConnectionHealthCheck: once when readiness is lost, once when it is back).
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        return builder;
    }

    /// <summary>/health (everything, including the broker connection) and /alive (the process).</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = registration => registration.Tags.Contains("live") });
        return app;
    }
}
