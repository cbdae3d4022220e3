namespace SupportPlatform.Identity.Domain;

public static class OrganizationKinds
{
    public const string Vendor = "VENDOR";
    public const string Customer = "CUSTOMER";
}

/// <summary>A row of <c>organizations</c>.</summary>
public sealed class OrganizationRecord
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Plan { get; set; }
    public string? Deployment { get; set; }
    public string TimeZone { get; set; } = "";
    public string? ProductVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ValidFrom { get; set; }
    /// <summary>Null: open-ended.</summary>
    public DateTimeOffset? ValidUntil { get; set; }
    /// <summary>The business calendar as proto JSON; null: the default calendar.</summary>
    public string? Calendar { get; set; }
    public long ContractVersion { get; set; }
    /// <summary>The authorised submitters counted at the last evaluation; null before the first.</summary>
    public int? AuthorizedSubmitters { get; set; }
}

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

/// <summary>A row of <c>training_records</c>.</summary>
public sealed class TrainingRecordRow
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public string Course { get; set; } = "";
    public DateTimeOffset CompletedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public Guid RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
