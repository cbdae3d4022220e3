namespace SupportPlatform.Notification.Channels;

/// <summary>How deliveries are worked (section <c>Notification:Delivery</c>).</summary>
public sealed class DeliveryOptions
{
    /// <summary>How often the worker looks for due deliveries when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many deliveries one pass claims.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>How long a claim holds: a worker that dies mid-delivery releases its deliveries after this.</summary>
    public TimeSpan Claim { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long finished deliveries (sent, skipped, dead) and their attempts are kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
