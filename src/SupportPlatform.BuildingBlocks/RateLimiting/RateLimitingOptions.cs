namespace SupportPlatform.BuildingBlocks.RateLimiting;

/// <summary>
/// Configuration section <c>RateLimiting</c>: the request rates every service accepts, each
/// counted per service process (replica). See <see cref="TenantRateLimits"/>.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Per organisation (customer or vendor): all its people and integration accounts together.</summary>
    public RateLimit Tenant { get; set; } = new() { PermitsPerSecond = 100, Burst = 200 };

    /// <summary>Per internal service account (the platform's own services, which call on behalf of every tenant).</summary>
    public RateLimit InternalService { get; set; } = new() { PermitsPerSecond = 5_000, Burst = 10_000 };

    /// <summary>Per client address, for calls without a valid token (token issuance, sign-in, invitations).</summary>
    public RateLimit Anonymous { get; set; } = new() { PermitsPerSecond = 50, Burst = 100 };
}
