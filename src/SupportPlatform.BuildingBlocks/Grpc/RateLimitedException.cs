namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// The caller did this too recently. → RESOURCE_EXHAUSTED + ErrorInfo (<paramref name="reason"/>)
/// + RetryInfo (<paramref name="retryAfter"/>: when it will be accepted again).
/// </summary>
public sealed class RateLimitedException(string reason, string message, TimeSpan retryAfter) : DomainException(message)
{
    public string Reason { get; } = reason;
    public TimeSpan RetryAfter { get; } = retryAfter;
}
