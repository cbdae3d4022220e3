namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>
/// Errors the domain throws; <see cref="ErrorInterceptor"/> maps each to a gRPC status with
/// google.rpc details. Messages are for the caller: they never contain internals.
/// </summary>
public abstract class DomainException(string message) : Exception(message);
