namespace SupportPlatform.Notification.Data;

/// <summary>A row of <c>notifications</c>.</summary>
public sealed class NotificationRecord
{
    public long Seq { get; set; }
    public Guid Id { get; set; }
    public Guid EventId { get; set; }
    public string RecipientKind { get; set; } = "";
    public string RecipientId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string EventType { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public Guid? CaseId { get; set; }
    public Guid? RcaId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>NORMAL, HIGH or CRITICAL.</summary>
    public string Urgency { get; set; } = "NORMAL";
    /// <summary>ACTION, INPUT or FYI.</summary>
    public string Purpose { get; set; } = "FYI";
    /// <summary>The time the notification is about (an SLA target's due time, …), when it has one.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The notification's own link into the portal, relative to its base address; null for none.</summary>
    public string? LinkPath { get; set; }
    /// <summary>Whether the person reading has read it (computed per reader, not a column).</summary>
    public bool IsRead { get; set; }
}
