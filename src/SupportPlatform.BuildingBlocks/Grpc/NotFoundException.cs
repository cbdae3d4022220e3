namespace SupportPlatform.BuildingBlocks.Grpc;

/// <summary>The object does not exist or the caller may not know it does. → NOT_FOUND.</summary>
public sealed class NotFoundException(string resourceType, string resourceName)
    : DomainException($"{resourceType} '{resourceName}' was not found.")
{
    public string ResourceType { get; } = resourceType;
    public string ResourceName { get; } = resourceName;
}
