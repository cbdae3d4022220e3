namespace SupportPlatform.BuildingBlocks.Security;

/// <summary>A service's own client credentials (<c>Identity:Client</c>).</summary>
public sealed class ServiceClientOptions
{
    /// <summary>e.g. <c>svc-cases</c>.</summary>
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";
}
