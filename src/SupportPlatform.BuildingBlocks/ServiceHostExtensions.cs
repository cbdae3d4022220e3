using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportPlatform.BuildingBlocks.Data;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.RateLimiting;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Identity.V1;

namespace SupportPlatform.BuildingBlocks;

/// <summary>The pieces every service's Program.cs composes.</summary>
public static class ServiceHostExtensions
{
    /// <summary>
    /// The service's own database: <c>Database:Provider</c> (Sqlite, the default, or SqlServer) and
    /// <c>ConnectionStrings:{name}</c> (default for SQLite: <c>.data/{name}.db</c> under the
    /// working directory).
    /// </summary>
    public static WebApplicationBuilder AddSupportDatabase(this WebApplicationBuilder builder, string name)
    {
        DapperTypeHandlers.Register();
        var provider = builder.Configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = provider == DatabaseProvider.Sqlite
                ? $"Data Source={Path.Combine(".data", name + ".db")}"
                : throw new InvalidOperationException($"ConnectionStrings:{name} is required for SQL Server.");
        }
        builder.Services.AddSingleton(new Database(provider, connectionString));
        builder.Services.AddSingleton<Migrator>();
        return builder;
    }

    /// <summary>
    /// gRPC with the error, authentication and request-shape interceptors, reflection and
    /// grpc.health.v1. <paramref name="policy"/> says which kinds of principal may call which RPC.
    /// Every RPC is also served as HTTP/JSON (gRPC JSON transcoding of the protos'
    /// <c>google.api.http</c> rules) through the same interceptors: the same tokens, policy table and
    /// errors, as an HTTP status with the <c>google.rpc.Status</c> body and its details.
    /// </summary>
    public static WebApplicationBuilder AddSupportGrpc(this WebApplicationBuilder builder, RpcPolicy policy)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ErrorInterceptor>();
            options.Interceptors.Add<AuthenticationInterceptor>();
            // Inside the error mapping (its ValidationException becomes INVALID_ARGUMENT) and after
            // authentication (an unknown caller learns nothing but UNAUTHENTICATED).
            options.Interceptors.Add<RequestShapeInterceptor>();
            // Each RPC's own limit is applied before this (UndecodableRequests); this is the
            // largest of them, for what that leaves to gRPC (a compressed request once inflated).
            options.MaxReceiveMessageSize = RequestSizeLimits.Largest;
            options.EnableDetailedErrors = false;
        }).AddJsonTranscoding(options => options.TypeRegistry = HttpJsonApi.ErrorDetailTypes);
        builder.AddHttpJsonApi();
        builder.AddSupportRateLimits();
        builder.Services.AddGrpcReflection();
        // grpc.health.v1: "" is readiness (every check, the broker connection included) and
        // "liveness" the process alone (checks tagged "live"), for an orchestrator's two probes.
        builder.Services.AddGrpcHealthChecks(options =>
        {
            options.Services.Map(ReadinessHealthService, _ => true);
            options.Services.Map(LivenessHealthService, check => check.Tags.Contains("live"));
        });
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton<TokenValidator>();
        return builder;
    }

    /// <summary>The grpc.health.v1 service name of readiness: every health check, the broker connection included.</summary>
    public const string ReadinessHealthService = "";

    /// <summary>The grpc.health.v1 service name of liveness: the process answers (checks tagged <c>live</c>).</summary>
    public const string LivenessHealthService = "liveness";

    /// <summary>Validates tokens with the identity service's published keys (JWKS over gRPC).</summary>
    public static WebApplicationBuilder AddIdentityKeys(this WebApplicationBuilder builder)
    {
        builder.AddServiceClient<TokenService.TokenServiceClient>(IdentityAddress(builder.Configuration));
        builder.Services.AddSingleton<ISigningKeySource, RemoteJwksSource>();
        return builder;
    }

    /// <summary>
    /// The service's own token (client credentials <c>Identity:Client</c>) and the cached RASCI
    /// matrix; add <see cref="Responsibility.MatrixChangedConsumer"/> to the bus with
    /// <see cref="Messaging.MessagingExtensions.AddEveryReplicaConsumer{TConsumer}"/> so that a change
    /// drops the cached answers of every replica.
    /// </summary>
    public static WebApplicationBuilder AddResponsibilityDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServiceClientOptions>().BindConfiguration("Identity:Client");
        builder.Services.AddSingleton<ServiceToken>();
        builder.AddServiceClient<ResponsibilityService.ResponsibilityServiceClient>(IdentityAddress(builder.Configuration));
        builder.Services.AddSingleton<Responsibility.ResponsibilityDirectory>();
        builder.AddSupportCaching();
        return builder;
    }

    /// <summary>
    /// The one cache every service uses for answers of other services (HybridCache, in memory):
    /// entries carry tags so an event can drop all of an organisation's or a person's answers, and
    /// expire by themselves (bounded in time; the number of entries follows the organisations,
    /// people and tasks in use).
    /// </summary>
    public static IHostApplicationBuilder AddSupportCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHybridCache(options =>
        {
            options.DefaultEntryOptions = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };
        });
        return builder;
    }

    /// <summary>The identity service's address: service discovery's <c>http://identity</c>.</summary>
    public static Uri IdentityAddress(IConfiguration configuration) =>
        new(configuration["Identity:Address"] ?? "http://identity");

    /// <summary>The escalation service: <c>Escalation:Address</c>, or its name for service discovery.</summary>
    public static Uri EscalationAddress(IConfiguration configuration) =>
        new(configuration["Escalation:Address"] ?? "http://escalation");

    /// <summary>The case service: <c>Cases:Address</c>, or its name for service discovery.</summary>
    public static Uri CasesAddress(IConfiguration configuration) =>
        new(configuration["Cases:Address"] ?? "http://cases");

    /// <summary>The RCA service: <c>Rca:Address</c>, or its name for service discovery.</summary>
    public static Uri RcaAddress(IConfiguration configuration) =>
        new(configuration["Rca:Address"] ?? "http://rca");

    /// <summary>The notification service: <c>Notification:Address</c>, or its name for service discovery.</summary>
    public static Uri NotificationAddress(IConfiguration configuration) =>
        new(configuration["Notification:Address"] ?? "http://notification");

    /// <summary>
    /// Maps gRPC health and reflection, and the HTTP/JSON API's OpenAPI document; applies the
    /// per-tenant rate limits (<see cref="TenantRateLimits"/>); a gRPC request whose body does not
    /// decode is INVALID_ARGUMENT (<see cref="UndecodableRequests"/>).
    /// </summary>
    public static WebApplication MapSupportGrpc(this WebApplication app)
    {
        // Limits first: a refused call costs its token check only, not the reading of its body.
        app.UseSupportRateLimits();
        app.UseMiddleware<UndecodableRequests>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapHttpJsonApiReference();
        return app;
    }

    /// <summary>
    /// Applies the migrations of the shared tables and then those embedded in
    /// <paramref name="serviceAssembly"/>, before the service starts serving.
    /// </summary>
    public static Task MigrateDatabaseAsync(this WebApplication app, System.Reflection.Assembly serviceAssembly, string module) =>
        app.Services.GetRequiredService<Migrator>().MigrateAsync(serviceAssembly, module);
}
