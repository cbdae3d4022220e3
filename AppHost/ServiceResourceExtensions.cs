using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// Adds a SupportPlatform service with its own database and a grpc.health.v1 health check.
    /// The database is SQLite by default (a file in <c>Data:Directory</c>, default <c>.data/</c>
    /// beside the solution); with <c>Database:Provider=SqlServer</c> its connection string comes
    /// from the AppHost's configuration (<c>ConnectionStrings:{database}</c>).
    /// </summary>
    /// <remarks>
    /// Two endpoints: "http", gRPC over HTTP/2 (what services and gRPC clients call), and "json",
    /// the same RPCs as HTTP/JSON over HTTP/1.1 on <paramref name="jsonPort"/> (random under
    /// Aspire.Hosting.Testing), with its OpenAPI reference linked on the dashboard. With
    /// <c>Services:Replicas</c> = N (1 by default) the service runs as N processes on the one
    /// database and broker, each on ports of its own behind the same two endpoints (DCP's proxy
    /// spreads connections over them; the other services reach them by the same name).
    /// </remarks>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, string database, int jsonPort)
        where TProject : IProjectMetadata, new()
    {
        var provider = builder.Configuration["Database:Provider"] ?? "Sqlite";
        IResourceBuilder<IResourceWithConnectionString> db;
        if (string.Equals(provider, "SqlServer", StringComparison.OrdinalIgnoreCase))
        {
            db = builder.AddConnectionString(database);
        }
        else
        {
            var directory = builder.Configuration["Data:Directory"]
                ?? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".data"));
            Directory.CreateDirectory(directory);
            db = builder.AddConnectionString(database, ReferenceExpression.Create($"Data Source={Path.Combine(directory, database + ".db")}"));
        }

        var service = builder.AddProject<TProject>(name)
            .WithReplicas(Replicas(builder))
            .WithReference(db)
            .WithEnvironment("Database__Provider", provider)
            .WithHttpEndpoint(name: "json", port: jsonPort);
        // A RabbitMQ cluster (with ConnectionStrings:messaging naming one of its nodes): its nodes
        // and quorum queues, and how many messages a consumer takes at a time, passed on to every
        // service as they are given to the AppHost.
        foreach (var setting in new[] { "ClusterNodes", "QuorumQueues", "ConsumerConcurrency" })
        {
            if (builder.Configuration[$"Messaging:{setting}"] is { Length: > 0 } value)
            {
                service.WithEnvironment($"Messaging__{setting}", value);
            }
        }
        var json = service.GetEndpoint("json");
        // The service serves HTTP/1.1 on this (target) port and HTTP/2 everywhere else.
        service.WithEnvironment("Http__JsonPort", json.Property(EndpointProperty.TargetPort))
            .WithUrlForEndpoint("json", url =>
            {
                url.Url = "/openapi";
                url.DisplayText = "HTTP/JSON API reference";
            });
        return service.WithGrpcHealthCheck();
    }

    /// <summary>Processes per service: <c>Services:Replicas</c>, 1 to 8 (1 by default).</summary>
    public static int Replicas(IDistributedApplicationBuilder builder)
    {
        var replicas = builder.Configuration.GetValue<int?>("Services:Replicas") ?? 1;
        return replicas is >= 1 and <= 8
            ? replicas
            : throw new DistributedApplicationException($"Services:Replicas is {replicas}; it must be from 1 to 8 (processes per service).");
    }

    /// <summary>
    /// The service's own client credentials (<c>svc-{name}</c>), with the secret derived from the
    /// internal-services master secret exactly as identity derives it
    /// (InternalServiceAccounts.DeriveSecret: HMAC-SHA256, base64url).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithServiceCredentials(this IResourceBuilder<ProjectResource> service, string masterSecret)
    {
        var name = service.Resource.Name;
        var secret = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
                System.Text.Encoding.UTF8.GetBytes(masterSecret), System.Text.Encoding.UTF8.GetBytes(name)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return service
            .WithEnvironment("Identity__Client__ClientId", "svc-" + name)
            .WithEnvironment("Identity__Client__ClientSecret", secret);
    }

    /// <summary>
    /// Healthy when the service answers grpc.health.v1 Check (readiness: every check, the broker
    /// included) with SERVING. The deadline leaves room for the service's own broker probe, which
    /// gives up after 3 s, so a broker outage shows as NOT_SERVING rather than as a timeout.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGrpcHealthCheck(this IResourceBuilder<ProjectResource> service)
    {
        var endpoint = service.GetEndpoint("http");
        var key = $"{service.Resource.Name}_grpc_health";
        GrpcChannel? channel = null;
        service.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                channel ??= GrpcChannel.ForAddress(endpoint.Url);
                var reply = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken);
                return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"grpc.health.v1 says {reply.Status}");
            }
            catch (Exception exception)
            {
                return HealthCheckResult.Unhealthy("grpc.health.v1 did not answer", exception);
            }
        });
        return service.WithHealthCheck(key);
    }
}
