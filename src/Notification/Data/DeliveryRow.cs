namespace SupportPlatform.Notification.Data;

/// <summary>A row of <c>deliveries</c>, with what the worker needs of its notification.</summary>
public sealed class DeliveryRow
{
    public Guid Id { get; set; }
    public Guid NotificationId { get; set; }
    public Guid EventId { get; set; }
    public string RecipientKind { get; set; } = "";
    public string RecipientId { get; set; } = "";
    public string Channel { get; set; } = "";
    /// <summary>PENDING, RETRYING, HELD, DEFERRED, SENT, DEAD or SKIPPED.</summary>
    public string State { get; set; } = "";
    public string? Address { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string EventType { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string Urgency { get; set; } = "";
    public Guid? CaseId { get; set; }
    public Guid? RcaId { get; set; }
    /// <summary>The notification's purpose: ACTION, INPUT or FYI.</summary>
    public string Purpose { get; set; } = "";
    /// <summary>The time the notification is about, when it has one.</summary>
    public DateTimeOffset? DueAt { get; set; }

    /// <summary>The notification's own link into the portal (relative); null for none.</summary>
    public string? LinkPath { get; set; }
    /// <summary>The notification's position (lists only).</summary>
    public long Seq { get; set; }
}
