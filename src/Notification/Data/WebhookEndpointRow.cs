namespace SupportPlatform.Notification.Data;

/// <summary>A row of <c>webhook_endpoints</c>.</summary>
public sealed class WebhookEndpointRow
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public string Url { get; set; } = "";
    /// <summary>Comma-separated event types; empty for all.</summary>
    public string EventTypes { get; set; } = "";
    public string Description { get; set; } = "";
    public string Secret { get; set; } = "";
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    /// <summary>ACTIVE or DISABLED.</summary>
    public string State { get; set; } = "";
    public string? DisabledReason { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Length == 0 ? [] : EventTypes.Split(',');

    /// <summary>Whether it receives events of this type.</summary>
    public bool Wants(string eventType) => EventTypes.Length == 0 || EventTypeList.Contains(eventType);

    /// <summary>The secrets that sign at <paramref name="now"/>: the current one, and the previous one during its overlap.</summary>
    public IEnumerable<string> SigningSecrets(DateTimeOffset now)
    {
        yield return Secret;
        if (PreviousSecret is { } previous && PreviousSecretExpiresAt > now)
        {
            yield return previous;
        }
    }
}
