namespace SupportPlatform.Identity.Domain;

/// <summary>A row of <c>service_accounts</c>.</summary>
public sealed class ServiceAccountRecord
{
    public Guid Id { get; set; }
    public string ClientId { get; set; } = "";
    public Guid OrganizationId { get; set; }
    public string DisplayName { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public string Roles { get; set; } = "";
    public bool Active { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
