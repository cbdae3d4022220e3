namespace SupportPlatform.Identity.Domain;

/// <summary>A row of <c>people</c>.</summary>
public sealed class PersonRecord
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string DisplayName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Phone { get; set; }
    /// <summary>Comma-separated role names.</summary>
    public string Roles { get; set; } = "";
    public string? PasswordHash { get; set; }
    public bool Active { get; set; }
    public DateTimeOffset? TrainingExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeactivatedAt { get; set; }
    public string? DeactivationReason { get; set; }

    public IReadOnlySet<string> RoleSet => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
