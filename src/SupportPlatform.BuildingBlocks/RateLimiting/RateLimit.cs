namespace SupportPlatform.BuildingBlocks.RateLimiting;

/// <summary>A token bucket: <see cref="PermitsPerSecond"/> sustained, bursts of up to <see cref="Burst"/> requests.</summary>
public sealed class RateLimit
{
    /// <summary>Requests per second, sustained (at least 1).</summary>
    public int PermitsPerSecond { get; set; }

    /// <summary>Requests that may come at once after a quiet spell (at least 1; the bucket's size).</summary>
    public int Burst { get; set; }

    public override string ToString() => $"{PermitsPerSecond:N0} requests per second (bursts of {Burst:N0})";
}
