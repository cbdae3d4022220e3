namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// How a service calls another (<c>ServiceCalls</c>): every call has a deadline, and a call that
/// finds the other service UNAVAILABLE is retried with exponential back-off by the channel's retry
/// policy (grpc-dotnet service config), never by a hand-written loop.
/// </summary>
public sealed class ServiceCallOptions
{
    /// <summary>
    /// The deadline of a call that has none of its own, retries included. A call made while
    /// serving a request never outlives that request's own deadline (call-context propagation).
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts in all, the first included (grpc-dotnet allows at most 5).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry waits a random time up to this; each later one up to twice as long.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>No retry waits longer than this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(1);
}
