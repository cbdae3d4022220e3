namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// What the caller asks to create exists already, and differently (e.g. an idempotency key reused
/// with other content). → ALREADY_EXISTS + ErrorInfo with <see cref="Reason"/>.
/// </summary>
public sealed class AlreadyExistsException(string reason, string message) : DomainException(message)
{
    public string Reason { get; } = reason;
}
