namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The caller is not authenticated. → UNAUTHENTICATED.</summary>
public sealed class AuthenticationException(string message) : DomainException(message);
