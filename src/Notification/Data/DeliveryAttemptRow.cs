namespace SupportPlatform.Notification.Data;

/// <summary>A row of <c>delivery_attempts</c>: one try to deliver, and how it went.</summary>
public sealed class DeliveryAttemptRow
{
    public int Attempt { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>SENT, FAILED (to be retried), REFUSED (permanently) or SKIPPED.</summary>
    public string Outcome { get; set; } = "";
    public string Detail { get; set; } = "";
}
