namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The caller's copy is stale (optimistic concurrency). → ABORTED + ErrorInfo.</summary>
public sealed class ConflictException(string message, long currentVersion) : DomainException(message)
{
    public long CurrentVersion { get; } = currentVersion;
}
