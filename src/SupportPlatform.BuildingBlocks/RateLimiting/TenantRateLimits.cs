using System.Globalization;
using System.Threading.RateLimiting;
using Google.Protobuf;
using Google.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Security;

namespace SupportPlatform.BuildingBlocks.RateLimiting;

/// <summary>
/// Per-tenant rate limits on every RPC, gRPC and HTTP/JSON alike (ASP.NET Core rate limiting, one
/// token bucket per partition, no queueing): a caller with a valid token counts against its
/// organisation (<see cref="RateLimitingOptions.Tenant"/>), the platform's own services each
/// against a separate, higher limit (<see cref="RateLimitingOptions.InternalService"/>), and a call
/// without a valid token against its client address (<see cref="RateLimitingOptions.Anonymous"/>).
/// Health, reflection and the OpenAPI documents are not limited. A refused call is
/// RESOURCE_EXHAUSTED with ErrorInfo <c>RATE_LIMITED</c> (metadata: scope and limit) and
/// google.rpc.RetryInfo saying when a permit is free again (over HTTP/JSON: 429 with
/// <c>Retry-After</c>); it is refused before its body is read, so a flood costs little more than
/// its token check. The buckets live in each process: with N replicas behind a balancer a tenant
/// gets up to N times its limit.
/// </summary>
public static class TenantRateLimits
{
    /// <summary>The ErrorInfo reason of a refused call.</summary>
    public const string Reason = "RATE_LIMITED";

    private static readonly string[] OpenPrefixes =
    [
        "/grpc.health.v1.Health/", "/grpc.reflection.", "/health", "/alive", "/openapi",
    ];

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(HttpJsonApi.ErrorDetailTypes));

    public static WebApplicationBuilder AddSupportRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>()
            .Bind(builder.Configuration.GetSection(RateLimitingOptions.Section))
            .Validate(options => Valid(options.Tenant) && Valid(options.InternalService) && Valid(options.Anonymous),
                $"{RateLimitingOptions.Section}: every PermitsPerSecond and Burst must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, limits) =>
        {
            var options = limits.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, Budget>(context => Partition(context, options) switch
            {
                null => RateLimitPartition.GetNoLimiter(default(Budget)),
                var (key, limit) => RateLimitPartition.GetTokenBucketLimiter(key, _ => Bucket(limit)),
            });
            limiter.OnRejected = (rejected, cancellationToken) => RefuseAsync(rejected, options, cancellationToken);
        });
        return builder;
    }

    /// <summary>Validates the caller's token (<see cref="CallerResolution"/>) and then applies the limits.</summary>
    public static WebApplication UseSupportRateLimits(this WebApplication app)
    {
        app.UseMiddleware<CallerResolution>();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Whose budget a request spends: a scope (<c>organization</c>, <c>service</c> or
    /// <c>address</c>) and the organisation, the service account or the client address. A value,
    /// not a string made for each request.
    /// </summary>
    private readonly record struct Budget(string Scope, Guid Owner, string? Address);

    /// <summary>Whose budget a request spends, and its limit; null for what is not limited.</summary>
    private static (Budget Key, RateLimit Limit)? Partition(HttpContext context, RateLimitingOptions options)
    {
        if (context.Items.TryGetValue(CallerResolution.Key, out var value) && value is CallerResolution.Resolved { Caller: { } caller })
        {
            return caller.IsInternalService
                ? (new Budget("service", caller.SubjectId, null), options.InternalService)
                : (new Budget("organization", caller.OrganizationId, null), options.Tenant);
        }
        var path = context.Request.Path.Value ?? "";
        foreach (var prefix in OpenPrefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }
        }
        return (new Budget("address", Guid.Empty, context.Connection.RemoteIpAddress?.ToString()), options.Anonymous);
    }

    private static TokenBucketRateLimiterOptions Bucket(RateLimit limit)
    {
        // Refilled in up to 20 steps a second, each step a whole number of permits.
        var steps = Enumerable.Range(1, 20).Last(step => limit.PermitsPerSecond % step == 0);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = limit.PermitsPerSecond / steps,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / steps),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static bool Valid(RateLimit? limit) => limit is { PermitsPerSecond: >= 1, Burst: >= 1 };

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, RateLimitingOptions options, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var (key, limit) = Partition(context, options) ?? (new Budget("address", Guid.Empty, null), options.Anonymous);
        var scope = key.Scope;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero
            ? after
            : TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Math.Min(limit.PermitsPerSecond, 20));
        var whose = scope switch
        {
            "organization" => "Your organisation",
            "service" => "This service account",
            _ => "Your address (calls without a valid token)",
        };
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = $"{whose} has made more requests than its limit of {limit}. Retry after {retryAfter.TotalSeconds:0.###} s.",
            Details =
            {
                Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo
                {
                    Reason = Reason,
                    Domain = ErrorInterceptor.Domain,
                    Metadata =
                    {
                        ["scope"] = scope,
                        ["permits_per_second"] = limit.PermitsPerSecond.ToString(CultureInfo.InvariantCulture),
                        ["burst"] = limit.Burst.ToString(CultureInfo.InvariantCulture),
                    },
                }),
                Google.Protobuf.WellKnownTypes.Any.Pack(new RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(retryAfter) }),
            },
        };
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await GrpcAnswers.RefuseAsync(context, status);
            return;
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.ContentType = "application/json";
        response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await response.WriteAsync(Json.Format(status), cancellationToken);
    }
}
