namespace SupportPlatform.Identity.Domain;

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
