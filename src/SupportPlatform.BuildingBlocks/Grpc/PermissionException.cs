namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The caller is known but may not do this. → PERMISSION_DENIED + ErrorInfo.</summary>
public sealed class PermissionException(string reason, string message) : DomainException(message)
{
    public string Reason { get; } = reason;
}
