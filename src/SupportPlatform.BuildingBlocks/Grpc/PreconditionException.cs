namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The system is not in the state the operation needs. → FAILED_PRECONDITION + PreconditionFailure.</summary>
public sealed class PreconditionException(string type, string subject, string description)
    : DomainException(description)
{
    public string Type { get; } = type;
    public string Subject { get; } = subject;
}
